import Foundation
import Hummingbird
import KeruenCore
import KeruenStore
import Mustache

/// The server-rendered portal: sign-in, the declaration list, detail with its timeline, and the draft form.
/// Works without JavaScript; every form carries the session's CSRF token.
struct PortalController {
    let dependencies: AppDependencies
    let templates: MustacheLibrary

    var workflow: DeclarationWorkflow { DeclarationWorkflow(dependencies: dependencies) }
    var localizer: Localizer { dependencies.localizer }

    func addRoutes(to router: Router<KeruenRequestContext>) {
        router.get("/") { _, context in
            Response.redirect(to: context.scope.principal == nil ? "/signin" : "/declarations", type: .normal)
        }
        router.get("/signin") { _, context in try page("signin", context, title: "signin.title", ["username": ""]) }
        router.post("/signin") { request, context in try await signIn(request, context) }
        router.post("/signout") { request, context in try await signOut(request, context) }
        router.get("/language/:code") { request, context in changeLanguage(request, context) }
        router.get("/declarations") { request, context in try await list(request, context) }
        router.get("/declarations/new") { request, context in try await newForm(request, context) }
        router.post("/declarations/new") { request, context in try await saveForm(request, context, id: nil) }
        router.get("/declarations/:id") { request, context in try await detail(request, context) }
        router.get("/declarations/:id/edit") { request, context in try await editForm(request, context) }
        router.post("/declarations/:id/edit") { request, context in
            try await saveForm(request, context, id: context.parameters.get("id"))
        }
        router.post("/declarations/:id/withdraw") { request, context in try await withdraw(request, context) }
        router.get("/declarations/:id/correct") { _, context in try await correctionForm(context) }
        router.post("/declarations/:id/correct") { request, context in try await correct(request, context) }
        PortalSigningController(portal: self).addRoutes(to: router)
        PortalPaymentsController(portal: self).addRoutes(to: router)
        PortalRiskController(portal: self).addRoutes(to: router)
        PortalClearanceController(portal: self).addRoutes(to: router)
        PortalStatisticsController(portal: self).addRoutes(to: router)
        PortalControlController(portal: self).addRoutes(to: router)
        PortalTransitController(portal: self).addRoutes(to: router)
    }

    // MARK: Sign-in

    private func signIn(_ request: Request, _ context: KeruenRequestContext) async throws -> Response {
        let form = try await formData(request, context)
        let language = context.scope.language
        do {
            let session = try await SignInService(dependencies: dependencies)
                .signIn(username: form["username"] ?? "", password: form.fields["password"] ?? "", kind: .session, language: language)
            var target = "/declarations"
            // A form posted after the session expired comes back through sign-in and is saved now.
            if let resume = form["resume"], let stash = ResumedForm(encoded: resume) {
                var resumedContext = context
                resumedContext.scope.principal = Principal(userID: session.user.id, username: session.user.username, roles: session.user.roles,
                                                           companyBIN: session.user.companyBIN, officeCode: session.user.officeCode)
                resumedContext.sessionCSRF = session.csrfToken
                target = try await resumeSave(stash, resumedContext)
            }
            var response = Response.redirect(to: target, type: .found)
            response.setCookie(.init(name: AuthenticationMiddleware.sessionCookie, value: session.secret,
                                     maxAge: Int(dependencies.configuration.sessionLifetime.components.seconds), path: "/",
                                     secure: dependencies.configuration.secureCookies, httpOnly: true, sameSite: .lax))
            return response
        } catch let problem as APIProblem where problem.code == "invalid-credentials" || problem.code == "too-many-attempts" {
            let seconds = problem.headers[.retryAfter] ?? "1"
            let message = problem.code == "invalid-credentials" ? localizer.text("signin.failed", language) : localizer.text("signin.throttled", language, ["seconds": seconds])
            var response = try page("signin", context, title: "signin.title", ["username": form["username"] ?? "", "error": message, "resume": form["resume"] ?? false])
            response.status = problem.status
            return response
        }
    }

    private func signOut(_ request: Request, _ context: KeruenRequestContext) async throws -> Response {
        let form = try await formData(request, context)
        if let principal = context.scope.principal, let hash = context.scope.credentialHash, form["csrf"] == context.sessionCSRF {
            try await SignInService(dependencies: dependencies).signOut(credentialHash: hash, principal: principal)
        }
        var response = Response.redirect(to: "/signin", type: .found)
        response.setCookie(.init(name: AuthenticationMiddleware.sessionCookie, value: "", maxAge: 0, path: "/", httpOnly: true, sameSite: .lax))
        return response
    }

    /// Remembers the language in a cookie (a year) and goes back to the page the switch was on.
    private func changeLanguage(_ request: Request, _ context: KeruenRequestContext) -> Response {
        let code = context.parameters.get("code") ?? ""
        // Only a path on this site: "//host" and "/\\host" would lead a browser elsewhere.
        let back = request.uri.queryParameters.get("back").flatMap { $0.hasPrefix("/") && !$0.hasPrefix("//") && !$0.contains("\\") ? $0 : nil } ?? "/"
        var response = Response.redirect(to: back, type: .found)
        if let language = Language(rawValue: code) {
            response.setCookie(.init(name: AuthenticationMiddleware.languageCookie, value: language.rawValue, maxAge: 365 * 24 * 3600, path: "/", sameSite: .lax))
            if let principal = context.scope.principal {
                let hash = context.scope.credentialHash
                Task { [store = dependencies.store] in
                    try? await store.write { session in
                        try await session.users.setLanguage(userID: principal.userID, language)
                        if let hash { try await session.tokens.setLanguage(hash: hash, language) }
                    }
                }
            }
        }
        return response
    }

    // MARK: Declarations

    private func list(_ request: Request, _ context: KeruenRequestContext) async throws -> Response {
        guard let principal = context.scope.principal else { return signInRedirect() }
        let language = context.scope.language
        let query = request.uri.queryParameters
        let isOfficer = principal.hasAny(.officer, .supervisor)
        let statusText = query.get("status") ?? (isOfficer ? DeclarationStatus.registered.rawValue : "")
        var problems: [String] = []
        let from = query.get("from").flatMap { $0.isEmpty ? nil : $0 }
        let to = query.get("to").flatMap { $0.isEmpty ? nil : $0 }
        let commodity = query.get("commodity").flatMap { $0.isEmpty ? nil : $0 }
        let fromDay = from.flatMap(CustomsDay.init(iso:))
        let toDay = to.flatMap(CustomsDay.init(iso:))
        func refuse(_ filter: String, expected: ValidationProblem.Format) {
            problems.append(localizer.text(filter, language) + ": " + localizer.message(for: ValidationProblem("", expected: expected), in: language))
        }
        if from != nil && fromDay == nil { refuse("filter.from", expected: .date) }
        if to != nil && toDay == nil { refuse("filter.to", expected: .date) }
        if let commodity, !commodity.allSatisfy({ $0.isASCII && $0.isNumber }) || commodity.count > 10 {
            refuse("filter.commodity", expected: .commodityPrefix)
        }
        let mine = isOfficer && query.get("mine") == "1"
        let filter = DeclarationRepository.Filter(status: DeclarationStatus(rawValue: statusText), registeredFrom: fromDay?.start,
                                                  registeredBefore: toDay?.end, commodityPrefix: problems.isEmpty ? commodity : nil,
                                                  assignedTo: mine ? principal.username : nil)
        let cursor = query.get("cursor").flatMap { TimeOrderedID.isValid($0) ? $0 : nil }
        let result = try await workflow.list(principal: principal, filter: filter, cursor: cursor, limit: 50)
        let rows: [[String: Any]] = result.items.map { item in
            [
                "id": item.id,
                // Drafts have no number yet; the link says what they are.
                "number": item.registrationNumber ?? localizer.text("status.\(item.status.rawValue)", language),
                "kind": item.kind.map { localizer.text("kind.\($0.rawValue)", language) } ?? "—",
                "declarant": item.declarantName ?? item.declarantBIN ?? "—",
                "office": item.officeCode.flatMap { dependencies.reference.office($0)?.names.text(in: language) } ?? item.officeCode ?? "—",
                "items": item.itemCount,
                "total": item.invoiceTotal.map { "\(PortalFormat.amount($0)) \(item.invoiceCurrency ?? "")" } ?? "—",
                "status": localizer.text("status.\(item.status.rawValue)", language),
                "statusCode": item.status.rawValue,
                "updated": PortalFormat.time(item.updatedAt),
            ]
        }
        var next: String?
        if let nextCursor = result.nextCursor {
            var components = URLComponents()
            components.queryItems = [("status", statusText), ("from", from ?? ""), ("to", to ?? ""), ("commodity", commodity ?? ""), ("mine", mine ? "1" : ""),
                                     ("cursor", nextCursor)]
                .map { URLQueryItem(name: $0.0, value: $0.1) }
            next = "/declarations" + (components.string ?? "")
        }
        let officeName = principal.officeCode.flatMap { dependencies.reference.office($0)?.names.text(in: language) } ?? ""
        return try page("list", context, title: isOfficer ? "list.officeTitle" : "list.title", titleArguments: ["office": officeName], [
            "rows": rows,
            "statuses": DeclarationStatus.allCases.map { ["value": $0.rawValue, "label": localizer.text("status.\($0.rawValue)", language), "selected": $0.rawValue == statusText] },
            "from": from ?? "", "to": to ?? "", "commodity": commodity ?? "", "isOfficer": isOfficer, "mine": mine,
            "problems": problems,
            "next": next ?? false,
        ])
    }

    private func detail(_ request: Request, _ context: KeruenRequestContext) async throws -> Response {
        guard let principal = context.scope.principal else { return signInRedirect() }
        let id = context.parameters.get("id") ?? ""
        let (declaration, history, signatures) = try await workflow.overview(id: id, principal: principal)
        let language = context.scope.language
        let invoice = try await PortalPaymentsController(portal: self).invoiceSection(declarationID: id, principal: principal, language: language)
        let risk = try await PortalRiskController(portal: self).section(declarationID: id, principal: principal, language: language)
        let control = try await PortalControlController(portal: self).section(declaration: declaration, principal: principal, language: language)
        let c = declaration.content
        let mayFile = FilingRights(principal: principal).mayFile
        func line(_ key: String, _ value: String?) -> [String: Any]? {
            value.map { ["label": localizer.text(key, language), "value": $0] }
        }
        let summary: [[String: Any]] = [
            line("form.kind", c.kind.map { "\($0.rawValue) — \(localizer.text("kind.\($0.rawValue)", language))" }),
            line("form.procedure", c.procedure),
            line("form.office", c.officeCode.map { code in "\(code) \(dependencies.reference.office(code)?.names.text(in: language) ?? "")" }),
            line("form.declarant", [c.declarant?.identificationNumber, c.declarant?.name].compactMap { $0 }.joined(separator: " ")),
            line("form.representative", c.representative?.identificationNumber),
            line("form.consignor", [c.consignor?.name, c.consignor?.country].compactMap { $0 }.joined(separator: ", ")),
            line("form.consignee", [c.consignee?.name, c.consignee?.country].compactMap { $0 }.joined(separator: ", ")),
            line("form.transportMode", [c.transport?.mode, c.transport?.identification, c.transport?.nationality].compactMap { $0 }.joined(separator: " ")),
            line("form.total", c.invoiceTotal.map { "\(PortalFormat.amount($0)) \(c.invoiceCurrency ?? "")" }),
            line("form.incoterms", [c.incoterms?.code, c.incoterms?.place].compactMap { $0 }.joined(separator: " ")),
            line("form.additions", c.additions.map { additions in
                let costs = [additions.transport, additions.insurance, additions.other].compactMap { $0 }.map(PortalFormat.amount).joined(separator: " + ")
                let basis = localizer.text("basis.\((additions.basis ?? .invoiceValue).rawValue)", language)
                return "\(costs) \(additions.currency ?? c.invoiceCurrency ?? "") — \(basis)"
            }),
            line("form.dispatch", c.dispatchCountry),
            line("form.destination", c.destinationCountry),
        ].compactMap { $0 }
        let items: [[String: Any]] = c.items.enumerated().map { index, item in
            ["line": index + 1, "code": item.commodityCode ?? "", "description": item.description ?? "", "origin": item.originCountry ?? "",
             "gross": item.grossMass.map(DecimalText.format) ?? "", "net": item.netMass.map(DecimalText.format) ?? "",
             "value": item.invoiceValue.map(PortalFormat.amount) ?? ""]
        }
        let stages = ClearanceTime.stages(of: history, at: dependencies.clock())
        let timeline: [[String: Any]] = zip(history, stages).map { change, took in
            ["status": localizer.text("status.\(change.status.rawValue)", language), "statusCode": change.status.rawValue,
             "at": PortalFormat.time(change.at), "actor": change.actor, "note": change.note ?? false,
             "took": took.map { localizer.text("clearance.took", language, ["time": ClearanceTime.text($0)]) } ?? false]
        }
        return try page("detail", context, title: declaration.status == .draft ? "detail.draftTitle" : "detail.title", [
            "id": declaration.id, "version": declaration.version,
            "status": localizer.text("status.\(declaration.status.rawValue)", language), "statusCode": declaration.status.rawValue,
            "number": declaration.registrationNumber?.description ?? false,
            "rejection": declaration.rejectionProblems.map { ["pointer": $0.pointer, "message": localizer.message(for: $0, in: language)] },
            "canEdit": mayFile && declaration.status == .draft,
            "canWithdraw": mayFile && declaration.status.canMove(to: .withdrawn),
            "summary": summary, "items": items, "timeline": timeline,
            "control": control.values,
            "liveMark": "\(declaration.version).\(history.count)",
            "clearance": ClearanceTime(history: history, requests: control.requests).map { clock -> [String: Any] in
                let standing = clock.standing(at: dependencies.clock())
                return ["elapsed": ClearanceTime.text(clock.elapsed(at: dependencies.clock())), "limit": ClearanceTime.text(ClearanceTime.limit),
                        "standing": standing.rawValue, "standingText": localizer.text("clearance.\(standing.rawValue)", language)]
            } ?? false,
            "canSign": mayFile && declaration.status == .draft,
            "canDecide": principal.hasAny(.officer, .supervisor) && declaration.status == .registered,
            "canCorrect": principal.hasAny(.officer, .supervisor) && (declaration.status == .registered || declaration.status == .released),
            "signatures": signatures.map { PortalSigningController.row($0, language: language, localizer: localizer) },
            "invoice": invoice.map { section in section.merging(["id": declaration.id]) { old, _ in old } } ?? false,
            "risk": risk.map { section in section.merging(["id": declaration.id]) { old, _ in old } } ?? false,
        ], flash: flash(request, language, number: declaration.registrationNumber?.description))
    }

    private func newForm(_ request: Request, _ context: KeruenRequestContext) async throws -> Response {
        guard let principal = context.scope.principal else { return signInRedirect() }
        guard FilingRights(principal: principal).mayFile else { throw APIProblem.forbidden }
        var content = DeclarationContent(items: [GoodsItem()])
        _ = FilingRights(principal: principal).apply(to: &content)
        return try formPage(context, form: DeclarationForm(content: content), id: nil, version: 0, problems: [])
    }

    private func editForm(_ request: Request, _ context: KeruenRequestContext) async throws -> Response {
        guard let principal = context.scope.principal else { return signInRedirect() }
        let declaration = try await workflow.get(id: context.parameters.get("id") ?? "", principal: principal)
        guard declaration.status == .draft else { return Response.redirect(to: "/declarations/\(declaration.id)", type: .normal) }
        let problems = try await workflow.validate(declaration, principal: principal)
        return try formPage(context, form: DeclarationForm(content: declaration.content), id: declaration.id,
                            version: declaration.version, problems: request.uri.queryParameters.get("saved") == nil ? [] : problems,
                            flash: flash(request, context.scope.language))
    }

    /// Saves the posted draft (creating it first for a new one), then adds or removes an item, or submits.
    private func saveForm(_ request: Request, _ context: KeruenRequestContext, id: String?) async throws -> Response {
        let form = try await formData(request, context)
        guard context.scope.principal != nil else {
            // The session ran out while the form was being filled in: keep the work and ask to sign in again.
            let stash = ResumedForm(id: id, fields: form.fields.filter { $0.key.hasPrefix("/") || $0.key == "version" || $0.key == "action" })
            return try page("signin", context, title: "signin.title", ["username": "", "resume": stash.encoded])
        }
        guard form["csrf"] == context.sessionCSRF else { throw APIProblem.forbidden }
        return try await save(form, id: id, context)
    }

    private func resumeSave(_ stash: ResumedForm, _ context: KeruenRequestContext) async throws -> String {
        var fields = stash.fields
        fields["csrf"] = context.sessionCSRF
        if fields["action"] == "submit" { fields["action"] = "save" }
        let response = try await save(FormData(fields: fields), id: stash.id, context)
        return response.headers[.location] ?? "/declarations"
    }

    private func save(_ form: FormData, id: String?, _ context: KeruenRequestContext) async throws -> Response {
        let principal = context.scope.principal!
        var draft = DeclarationForm(form: form)
        let action = form["action"] ?? "save"
        draft.changeItems(for: action)
        var (content, unreadable) = draft.content()
        if action == "add-item" && content.items.count < draft.itemCount { content.items.append(GoodsItem()) }
        let version = Int(form["version"] ?? "") ?? 0
        let saved: Declaration
        do {
            if let id {
                saved = try await workflow.update(id: id, content: content, expectedVersion: version, principal: principal)
            } else {
                saved = try await workflow.create(content, principal: principal, idempotencyKey: nil)
            }
        } catch let problem as APIProblem where problem.code == "version-mismatch" {
            let latest = try await workflow.get(id: id ?? "", principal: principal)
            return try formPage(context, form: DeclarationForm(content: latest.content), id: latest.id, version: latest.version, problems: [],
                                flash: ["kind": "bad", "text": localizer.text("form.conflict", context.scope.language)])
        } catch let problem as APIProblem where problem.code == "validation-failed" {
            return try formPage(context, form: draft, id: id, version: version, problems: problem.fields + unreadable)
        }
        if action == "submit" {
            let problems = try await workflow.validate(saved, principal: principal) + unreadable
            if !problems.isEmpty {
                return try formPage(context, form: draft, id: saved.id, version: saved.version, problems: problems)
            }
            let trust = try await dependencies.signatureTrust.snapshot(now: dependencies.clock())
            if trust.signatureRequired(officeCode: saved.content.officeCode) {
                return Response.redirect(to: "/declarations/\(saved.id)/sign", type: .normal)
            }
            let submitted = try await workflow.submit(id: saved.id, expectedVersion: saved.version, principal: principal, idempotencyKey: nil)
            let flash = submitted.status == .registered ? "registered" : "rejected"
            return Response.redirect(to: "/declarations/\(saved.id)?done=\(flash)", type: .normal)
        }
        if !unreadable.isEmpty {
            return try formPage(context, form: draft, id: saved.id, version: saved.version, problems: unreadable)
        }
        return Response.redirect(to: "/declarations/\(saved.id)/edit?saved=\(saved.version)", type: .normal)
    }

    private func withdraw(_ request: Request, _ context: KeruenRequestContext) async throws -> Response {
        guard let principal = context.scope.principal else { return signInRedirect() }
        let form = try await postedForm(request, context)
        let id = context.parameters.get("id") ?? ""
        _ = try await workflow.withdraw(id: id, expectedVersion: form["version"].flatMap { Int($0) }, principal: principal, idempotencyKey: nil)
        return Response.redirect(to: "/declarations/\(id)?done=withdrawn", type: .normal)
    }

    /// An officer's correction of a registered or released declaration: the declaration's form with its
    /// content, and the reasons; saving recalculates the payments (``DeclarationWorkflow/correct``).
    private func correctionForm(_ context: KeruenRequestContext) async throws -> Response {
        guard let principal = context.scope.principal else { return signInRedirect() }
        guard principal.hasAny(.officer, .supervisor) else { throw APIProblem.forbidden }
        let declaration = try await workflow.get(id: context.parameters.get("id") ?? "", principal: principal)
        return try formPage(context, form: DeclarationForm(content: declaration.content), id: declaration.id, version: declaration.version,
                            problems: [], correction: "")
    }

    private func correct(_ request: Request, _ context: KeruenRequestContext) async throws -> Response {
        guard let principal = context.scope.principal else { return signInRedirect() }
        let form = try await postedForm(request, context)
        let id = context.parameters.get("id") ?? ""
        var draft = DeclarationForm(form: form)
        let version = Int(form["version"] ?? "") ?? 0
        let reasons = (form["reasons"] ?? "").split(whereSeparator: \.isNewline).map { String($0.trimmingSpaces()) }.filter { !$0.isEmpty }
        if form["action"] != "correct" {
            // Adding or removing an item only redraws the form; the correction is saved with its own button.
            draft.changeItems(for: form["action"])
            return try formPage(context, form: draft, id: id, version: version, problems: [], correction: form["reasons"] ?? "")
        }
        let (content, unreadable) = draft.content()
        guard unreadable.isEmpty else { return try formPage(context, form: draft, id: id, version: version, problems: unreadable, correction: form["reasons"] ?? "") }
        do {
            _ = try await workflow.correct(id: id, content: content, reasons: reasons, expectedVersion: version, principal: principal)
        } catch let problem as APIProblem where problem.code == "validation-failed" {
            return try formPage(context, form: draft, id: id, version: version, problems: problem.fields.map { $0.unprefixed("/content") },
                                correction: form["reasons"] ?? "")
        } catch let problem as APIProblem where problem.code == "version-mismatch" {
            let latest = try await workflow.get(id: id, principal: principal)
            return try formPage(context, form: DeclarationForm(content: latest.content), id: id, version: latest.version, problems: [],
                                flash: ["kind": "bad", "text": localizer.text("form.conflict", context.scope.language)], correction: form["reasons"] ?? "")
        } catch let problem as APIProblem where problem.status == .forbidden && problem.code != "forbidden" || problem.code == "invalid-state" {
            return Response.redirect(to: "/declarations/\(id)?done=problem-\(problem.code)", type: .normal)
        }
        return Response.redirect(to: "/declarations/\(id)?done=corrected", type: .normal)
    }

    // MARK: Rendering

    /// The declaration form: a draft's, or with `correction` (the reasons typed so far) an officer's correction.
    private func formPage(_ context: KeruenRequestContext, form: DeclarationForm, id: String?, version: Int, problems: [ValidationProblem],
                          flash: [String: String]? = nil, correction: String? = nil) throws -> Response {
        let language = context.scope.language
        var messages: [String: String] = [:]
        for problem in problems where messages[problem.pointer] == nil {
            messages[problem.pointer] = localizer.message(for: problem, in: language)
        }
        let shown = Set(DeclarationForm.header.map(\.pointer) + (0..<form.itemCount).flatMap { i in DeclarationForm.itemFields.map { "/items/\(i)/\($0.pointer)" } })
        func field(_ field: DeclarationForm.Field, pointer: String) -> [String: Any] {
            let value = form.values[pointer] ?? ""
            let options = DeclarationForm.options(for: field.pointer, reference: dependencies.reference, language: language, localizer: localizer)
            return ["name": pointer, "label": localizer.text(field.label, language), "value": value, "error": messages[pointer] ?? false,
                    "list": field.list ?? false,
                    "options": options.map { ["value": $0.value, "label": $0.label, "selected": $0.value == value] }]
        }
        let header = DeclarationForm.header.map { field($0, pointer: $0.pointer) }
        let items: [[String: Any]] = (0..<form.itemCount).map { index in
            ["title": localizer.text("form.item", language, ["number": "\(index + 1)"]),
             "fields": DeclarationForm.itemFields.map { field($0, pointer: "/items/\(index)/\($0.pointer)") }]
        }
        // Problems that belong to no input (a missing party, "at least one item") are listed above the form.
        let general = problems.filter { !shown.contains($0.pointer) }.map { "\($0.pointer): \(localizer.message(for: $0, in: language))" }
        let countries = dependencies.reference.sortedCountries.map { ["code": $0.alpha2, "name": $0.names.text(in: language)] }
        let currencies = dependencies.reference.sortedCurrencies.map { ["code": $0.code, "name": $0.name] }
        return try page("form", context, title: correction != nil ? "correction.title" : id == nil ? "nav.new" : "detail.draftTitle", [
            "action": id.map { "/declarations/\($0)/\(correction != nil ? "correct" : "edit")" } ?? "/declarations/new",
            "correction": correction.map { ["reasons": $0, "error": messages["/reasons"] ?? false] as [String: Any] } ?? false,
            "version": version, "header": header, "items": items,
            "hasProblems": !problems.isEmpty, "general": general,
            "countries": countries, "currencies": currencies,
        ], flash: flash)
    }

    func flash(_ request: Request, _ language: Language, number: String? = nil) -> [String: String]? {
        let query = request.uri.queryParameters
        if let saved = query.get("saved") { return ["kind": "good", "text": localizer.text("form.saved", language, ["version": saved])] }
        switch query.get("done") {
        case "registered": return ["kind": "good", "text": localizer.text("form.registered", language, ["number": number ?? ""])]
        case "rejected": return ["kind": "bad", "text": localizer.text("form.rejected", language)]
        case "withdrawn": return ["kind": "good", "text": localizer.text("form.withdrawn", language)]
        case "decided": return ["kind": "good", "text": localizer.text("form.decided", language)]
        case "decided-meanwhile": return ["kind": "bad", "text": localizer.text("form.decidedMeanwhile", language)]
        case "paid": return ["kind": "good", "text": localizer.text("invoice.paidNow", language)]
        case "alert-handled", "slot-booked": return ["kind": "good", "text": localizer.text("flash.\(query.get("done") ?? "")", language)]
        case "control-recorded": return ["kind": "good", "text": localizer.text("control.recorded", language)]
        case "corrected": return ["kind": "good", "text": localizer.text("correction.done", language)]
        case "documents-requested", "documents-sent", "examination-ordered", "examination-recorded":
            return ["kind": "good", "text": localizer.text("workspace.done.\(query.get("done") ?? "")", language)]
        case "insufficient-funds", "invoice-paid", "invoice-unpaid", "control-refused": return ["kind": "bad", "text": localizer.text("problem.\(query.get("done") ?? "")", language)]
        case let done? where done.hasPrefix("problem-"):
            return ["kind": "bad", "text": localizer.text("problem.\(done.dropFirst("problem-".count))", language)]
        default: return nil
        }
    }

    func page(_ template: String, _ context: KeruenRequestContext, title: String, titleArguments: [String: String] = [:],
                      _ values: [String: Any], flash: [String: String]? = nil) throws -> Response {
        let language = context.scope.language
        var data = values
        data["t"] = localizer.templateStrings(language)
        data["lang"] = language.rawValue
        data["title"] = localizer.text(title, language, titleArguments)
        data["heading"] = data["title"]
        data["csrf"] = context.sessionCSRF ?? ""
        data["flash"] = flash ?? false
        data["user"] = context.scope.principal.map { _ in context.displayName ?? "" } ?? false
        data["canFile"] = context.scope.principal.map { FilingRights(principal: $0).mayFile } ?? false
        data["canAnalyse"] = context.scope.principal.map { $0.hasAny(.riskAnalyst, .supervisor, .admin) } ?? false
        data["isCustoms"] = context.scope.principal.map { $0.hasAny(.officer, .supervisor) } ?? false
        data["isControl"] = context.scope.principal.map(BorderWorkflow.isControl) ?? false
        data["canReport"] = context.scope.principal.map { $0.hasAny(.supervisor, .statistician, .admin) } ?? false
        data["canMirror"] = context.scope.principal.map { $0.hasAny(.statistician, .riskAnalyst, .admin) } ?? false
        let back = context.requestPath
        data["languages"] = Language.allCases.map { other in
            ["code": other.rawValue, "name": localizer.text("language.name", other), "selected": other == language,
             "href": "/language/\(other.rawValue)?back=\(back.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "/")"]
        }
        guard let html = templates.render(data, withTemplate: template) else { throw APIProblem(.internalServerError, "internal-error") }
        return Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8", .contentLanguage: language.rawValue],
                        body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    func signInRedirect() -> Response { Response.redirect(to: "/signin", type: .found) }

    /// A form posted from one of the portal's pages: refused unless it carries the session's CSRF token.
    func postedForm(_ request: Request, _ context: KeruenRequestContext) async throws -> FormData {
        let form = try await formData(request, context)
        guard form["csrf"] == context.sessionCSRF else { throw APIProblem.forbidden }
        return form
    }

    func formData(_ request: Request, _ context: KeruenRequestContext) async throws -> FormData {
        var request = request
        let buffer = try await request.collectBody(upTo: dependencies.configuration.maximumBodySize)
        return FormData(urlEncoded: String(buffer: buffer))
    }
}

/// A form posted with an expired session, carried through the sign-in page in a hidden field.
struct ResumedForm: Codable {
    var id: String?
    var fields: [String: String]

    init(id: String?, fields: [String: String]) {
        self.id = id
        self.fields = fields
    }

    init?(encoded: String) {
        guard let data = Data(base64Encoded: encoded), let decoded = try? JSONDecoder().decode(ResumedForm.self, from: data) else { return nil }
        self = decoded
    }

    var encoded: String { (try? JSONEncoder().encode(self))?.base64EncodedString() ?? "" }
}

/// How the portal shows times (Almaty time, minutes) and amounts (at least two decimals).
enum PortalFormat {
    static func amount(_ value: Decimal) -> String {
        let text = DecimalText.format(value)
        guard let point = text.firstIndex(of: ".") else { return text + ".00" }
        let decimals = text.distance(from: point, to: text.endIndex) - 1
        return decimals >= 2 ? text : text + String(repeating: "0", count: 2 - decimals)
    }

    /// "2026-11-30 14:05" in the customs time zone. Why by hand: a DateFormatter made per call cost about
    /// 0.2 ms here, and a list page formats fifty times.
    static func time(_ date: Date) -> String {
        let seconds = Int((date.timeIntervalSince1970 + Double(CustomsDay.timeZone.secondsFromGMT())).rounded(.down))
        let (days, second) = (seconds.quotient(86_400), seconds.modulo(86_400))
        // Days since 1970-01-01 to a civil date (H. Hinnant's algorithm).
        let z = days + 719_468, era = z.quotient(146_097), dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100), mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1, month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(year)-\(two(month))-\(two(day)) \(two(second / 3600)):\(two(second % 3600 / 60))"
    }
}

private extension Int {
    /// Division rounding towards minus infinity, and its remainder (never negative): dates before 1970 stay right.
    func quotient(_ divisor: Int) -> Int { (self - modulo(divisor)) / divisor }
    func modulo(_ divisor: Int) -> Int { ((self % divisor) + divisor) % divisor }
}
