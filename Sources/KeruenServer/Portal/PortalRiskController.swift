import Foundation
import Hummingbird
import KeruenCore

/// The risk analysts' pages: the profiles, a profile's versions with approval and retirement, the form
/// that writes a profile (and tries it on recent declarations before anyone approves it), the
/// effectiveness report; and on a declaration's page, for customs only, the risk result and the form
/// for the control's result.
struct PortalRiskController {
    let portal: PortalController

    private var risk: RiskWorkflow { RiskWorkflow(dependencies: portal.dependencies) }
    private var localizer: Localizer { portal.localizer }

    func addRoutes(to router: Router<KeruenRequestContext>) {
        router.get("/risk") { _, context in try await list(context) }
        router.get("/risk/new") { _, context in try await form(context, id: nil) }
        router.post("/risk/new") { request, context in try await save(request, context, id: nil) }
        router.get("/risk/profiles/:id") { _, context in try await profile(context) }
        router.get("/risk/profiles/:id/edit") { _, context in try await form(context, id: context.parameters.get("id")) }
        router.post("/risk/profiles/:id/edit") { request, context in try await save(request, context, id: context.parameters.get("id")) }
        router.post("/risk/profiles/:id/approve") { request, context in try await decide(request, context, approve: true) }
        router.post("/risk/profiles/:id/retire") { request, context in try await decide(request, context, approve: false) }
        router.get("/risk/report") { request, context in try await report(request, context) }
        router.post("/declarations/:id/control-result") { request, context in try await recordControl(request, context) }
    }

    // MARK: Profiles

    private func list(_ context: KeruenRequestContext) async throws -> Response {
        guard let principal = context.scope.principal else { return portal.signInRedirect() }
        let language = context.scope.language
        let profiles = try await risk.list(principal: principal)
        return try portal.page("risk-list", context, title: "risk.title", [
            "canWrite": principal.hasAny(.riskAnalyst, .admin),
            "profiles": profiles.map { row($0, language) },
        ])
    }

    private func profile(_ context: KeruenRequestContext) async throws -> Response {
        guard let principal = context.scope.principal else { return portal.signInRedirect() }
        let language = context.scope.language
        let versions = try await risk.versions(id: context.parameters.get("id") ?? "", principal: principal)
        let latest = versions[0]
        let inForce = versions.contains { $0.status == .active || $0.status == .pending }
        return try portal.page("risk-profile", context, title: "risk.profileTitle", titleArguments: ["id": latest.id], [
            "id": latest.id,
            "versions": versions.map { version in
                row(version, language).merging([
                    "rationale": version.rationale, "condition": Self.conditionText(version.condition),
                    "examination": localizer.text("examination.\(version.measure.examination.rawValue)", language),
                    "instruction": version.measure.instruction, "priority": version.priority,
                    "offices": version.offices.isEmpty ? localizer.text("risk.allOffices", language) : version.offices.joined(separator: ", "),
                    "period": "\(version.validFrom) – \(version.validTo?.description ?? "…")",
                    "canApprove": version.status == .pending && version.author != principal.username && principal.hasAny(.riskAnalyst, .supervisor),
                ]) { old, _ in old }
            },
            "canEdit": principal.hasAny(.riskAnalyst, .admin) && latest.status != .retired,
            "canRetire": principal.hasAny(.riskAnalyst, .admin) && inForce,
        ])
    }

    private func row(_ profile: RiskProfile, _ language: Language) -> [String: Any] {
        ["id": profile.id, "version": profile.version, "title": profile.title, "statusCode": profile.status.rawValue,
         "status": localizer.text("risk-status.\(profile.status.rawValue)", language), "channelCode": profile.measure.channel.rawValue,
         "channel": localizer.text("channel.\(profile.measure.channel.rawValue)", language), "author": profile.author,
         "approver": profile.approver ?? "—"]
    }

    private func decide(_ request: Request, _ context: KeruenRequestContext, approve: Bool) async throws -> Response {
        guard let principal = context.scope.principal else { return portal.signInRedirect() }
        let form = try await portal.postedForm(request, context)
        let id = context.parameters.get("id") ?? ""
        if approve {
            _ = try await risk.approve(id: id, version: Int(form["version"] ?? "") ?? 0, principal: principal)
        } else {
            _ = try await risk.retire(id: id, principal: principal)
        }
        return Response.redirect(to: "/risk/profiles/\(id)", type: .normal)
    }

    // MARK: Writing and trying

    private func form(_ context: KeruenRequestContext, id: String?) async throws -> Response {
        guard let principal = context.scope.principal else { return portal.signInRedirect() }
        try RiskWorkflow.requireAnalyst(principal)
        var fields = ["validFrom": CustomsDay(containing: portal.dependencies.clock()).description, "priority": "50", "last": "500",
                      "condition": #"{"all": [{"field": "commodityCode", "startsWith": ["6403"]}, {"field": "originCountry", "in": ["CN"]}]}"#]
        if let id, let latest = try await risk.versions(id: id, principal: principal).first {
            fields = ["title": latest.title, "rationale": latest.rationale, "condition": Self.conditionText(latest.condition),
                      "channel": latest.measure.channel.rawValue, "examination": latest.measure.examination.rawValue,
                      "instruction": latest.measure.instruction, "priority": String(latest.priority), "offices": latest.offices.joined(separator: " "),
                      "validFrom": latest.validFrom.description, "validTo": latest.validTo?.description ?? "", "last": "500"]
        }
        return try formPage(context, id: id, fields: fields, problems: [], trial: nil)
    }

    private func save(_ request: Request, _ context: KeruenRequestContext, id: String?) async throws -> Response {
        guard let principal = context.scope.principal else { return portal.signInRedirect() }
        let form = try await portal.postedForm(request, context)
        let profileID = id ?? (form["id"] ?? "").trimmingSpaces().uppercased()
        do {
            let draft = try Self.draft(form)
            if form["action"] == "try" {
                let trial = try await risk.trial(id: profileID.isEmpty ? "RP-TRIAL" : profileID, draft: draft, limit: Int(form["last"] ?? "") ?? 500,
                                                 principal: principal)
                return try formPage(context, id: id, fields: form.fields, problems: [], trial: trial)
            }
            _ = try await risk.save(id: profileID, draft: draft, isNew: id == nil, principal: principal)
            return Response.redirect(to: "/risk/profiles/\(profileID)", type: .normal)
        } catch let problem as APIProblem where !problem.fields.isEmpty || problem.code == "profile-exists" {
            let language = context.scope.language
            let messages = problem.fields.isEmpty ? [problem.detail ?? problem.code]
                : problem.fields.map { "\($0.pointer): \(localizer.message(for: $0, in: language))" }
            return try formPage(context, id: id, fields: form.fields, problems: messages, trial: nil)
        }
    }

    /// The form's fields as a draft; a condition that is not JSON, or not a condition, is refused at its field like any other.
    static func draft(_ form: FormData) throws -> RiskWorkflow.Draft {
        let validTo = (form["validTo"] ?? "").trimmingSpaces()
        return try .read(title: form["title"] ?? "", rationale: form["rationale"] ?? "", condition: Data((form["condition"] ?? "").utf8),
                         channel: form["channel"], examination: form["examination"], instruction: form["instruction"] ?? "",
                         priority: Int(form["priority"] ?? "") ?? 0,
                         offices: (form["offices"] ?? "").split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init),
                         validFrom: form["validFrom"] ?? "", validTo: validTo.isEmpty ? nil : String(validTo))
    }

    private func formPage(_ context: KeruenRequestContext, id: String?, fields: [String: String], problems: [String],
                          trial: (tried: Int, selected: [(declaration: Declaration, channel: Channel?, hit: RiskHit)])?) throws -> Response {
        let language = context.scope.language
        var fields = fields  // every field present, so that an empty one never shows a value of the page around it
        for key in ["id", "title", "rationale", "condition", "instruction", "priority", "offices", "validFrom", "validTo", "last"] where fields[key] == nil {
            fields[key] = ""
        }
        return try portal.page("risk-form", context, title: id == nil ? "risk.new" : "risk.editTitle", titleArguments: ["id": id ?? ""], [
            "isNew": id == nil, "action": id.map { "/risk/profiles/\($0)/edit" } ?? "/risk/new", "fields": fields, "problems": problems,
            "channels": [Channel.red, .yellow, .blue].map { ["code": $0.rawValue, "name": localizer.text("channel.\($0.rawValue)", language),
                                                              "selected": fields["channel"] == $0.rawValue] },
            "examinations": ExaminationType.allCases.map { ["code": $0.rawValue, "name": localizer.text("examination.\($0.rawValue)", language),
                                                            "selected": fields["examination"] == $0.rawValue] },
            "fieldNames": RiskField.allCases.map { ["code": $0.rawValue, "name": localizer.text("risk-field.\($0.rawValue)", language)] },
            "trial": trial.map { trial in
                ["summary": localizer.text("risk.trialSummary", language, ["selected": String(trial.selected.count), "tried": String(trial.tried)]),
                 "selected": trial.selected.map { entry in
                     ["id": entry.declaration.id, "number": entry.declaration.registrationNumber?.description ?? entry.declaration.id,
                      "channel": entry.channel.map { localizer.text("channel.\($0.rawValue)", language) } ?? "—",
                      "evidence": evidenceText(entry.hit.evidence, language)]
                 }] as [String: Any]
            } ?? false,
        ])
    }

    /// The condition as the analyst reads and writes it: JSON with sorted keys, indented.
    static func conditionText(_ condition: RiskCondition) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(condition)).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }

    private func evidenceText(_ evidence: [RiskHit.Evidence], _ language: Language) -> String {
        evidence.map { found in
            let item = found.item.map { " (\(localizer.text("risk.item", language)) \($0))" } ?? ""
            return "\(localizer.text("risk-field.\(found.field.rawValue)", language)) \(found.value) — \(found.test)\(item)"
        }.joined(separator: "; ")
    }

    // MARK: Effectiveness

    private func report(_ request: Request, _ context: KeruenRequestContext) async throws -> Response {
        guard let principal = context.scope.principal else { return portal.signInRedirect() }
        let language = context.scope.language
        let today = CustomsDay(containing: portal.dependencies.clock())
        let query = request.uri.queryParameters
        let from = query.get("from").flatMap(CustomsDay.init(iso:)) ?? CustomsDay(year: today.year, month: today.month, day: 1)
        let to = query.get("to").flatMap(CustomsDay.init(iso:)) ?? today
        let rows = try await risk.effectiveness(from: from.start, to: to.end, principal: principal)
        func percent(_ share: Double?) -> String { share.map { String(Int(($0 * 100).rounded())) + " %" } ?? "—" }
        return try portal.page("risk-report", context, title: "risk.report", [
            "from": from.description, "to": to.description,
            "rows": rows.map { row in
                ["id": row.profileID, "title": row.title, "hits": row.hits, "decisive": row.decisive, "controls": row.controls,
                 "violations": row.violations, "seizures": row.seizures, "revenue": PortalFormat.amount(row.revenue.decimal),
                 "hitRate": percent(row.hitRate), "seizureRate": percent(row.seizureRate), "findsNothing": row.findsNothing()]
            },
            "idle": rows.filter { $0.findsNothing() }.map { ["id": $0.profileID, "title": $0.title, "controls": $0.controls] },
        ])
    }

    // MARK: On a declaration's page

    /// The risk result and the control's result, for customs only; nil for anyone else or before registration.
    func section(declarationID: String, principal: Principal, language: Language) async throws -> [String: Any]? {
        guard principal.hasAny(.officer, .supervisor, .riskAnalyst, .admin) else { return nil }
        let found: (result: RiskResult, control: ControlResult?)
        do {
            found = try await risk.result(declarationID: declarationID, principal: principal)
        } catch let problem as APIProblem where problem.code == APIProblem.notFound.code {
            return nil
        }
        let result = found.result
        var chance: String = ""
        if let draw = result.draw, let share = result.share {
            chance = localizer.text(result.random ? "risk.randomSelected" : "risk.randomNot", language,
                                    ["draw": String(format: "%.4f", draw), "share": String(format: "%.4f", share)])
        }
        return [
            "channelCode": result.channel.rawValue, "channel": localizer.text("channel.\(result.channel.rawValue)", language),
            "examination": result.examination.map { localizer.text("examination.\($0.rawValue)", language) } ?? false,
            "instruction": result.instruction ?? false, "chance": chance.isEmpty ? false : chance,
            "score": result.score.map { score in
                let reasons = (result.scoreFeatures ?? []).map { "\(localizer.text("risk-feature.\($0.feature)", language)) \(String(format: "%+.2f", $0.contribution))" }
                return "\(String(format: "%.2f", score)) (\(reasons.joined(separator: "; ")))"
            } ?? false,
            "aeo": result.aeoLoweredFrom.map { localizer.text("risk.aeoLowered", language, ["channel": localizer.text("channel.\($0.rawValue)", language)]) } ?? false,
            "hits": result.hits.map { hit in
                ["id": hit.profileID, "version": hit.version, "title": hit.title, "channel": localizer.text("channel.\(hit.measure.channel.rawValue)", language),
                 "channelCode": hit.measure.channel.rawValue, "evidence": evidenceText(hit.evidence, language)]
            },
            "control": found.control.map { control in
                ["outcome": localizer.text("control-outcome.\(control.outcome.rawValue)", language),
                 "kind": control.violationKind.map { localizer.text("violation.\($0.rawValue)", language) } ?? false,
                 "additional": PortalFormat.amount(control.additionalPayments.decimal), "note": control.note, "officer": control.officer,
                 "at": PortalFormat.time(control.recordedAt)] as [String: Any]
            } ?? false,
            "canRecord": found.control == nil && principal.hasAny(.officer, .supervisor),
            "outcomes": ControlResult.Outcome.allCases.map { ["code": $0.rawValue, "name": localizer.text("control-outcome.\($0.rawValue)", language)] },
            "kinds": ControlResult.ViolationKind.allCases.map { ["code": $0.rawValue, "name": localizer.text("violation.\($0.rawValue)", language)] },
        ]
    }

    private func recordControl(_ request: Request, _ context: KeruenRequestContext) async throws -> Response {
        guard let principal = context.scope.principal else { return portal.signInRedirect() }
        let form = try await portal.postedForm(request, context)
        let id = context.parameters.get("id") ?? ""
        do {
            let additional = (form["additional"] ?? "").trimmingSpaces()
            _ = try await risk.recordControl(
                declarationID: id, outcome: form["outcome"].flatMap(ControlResult.Outcome.init(rawValue:)) ?? .noViolation,
                violationKind: form["kind"].flatMap(ControlResult.ViolationKind.init(rawValue:)),
                additionalPayments: additional.isEmpty ? .zero : try APIMapping.tenge(String(additional), "/additionalPayments"),
                note: form["note"] ?? "", principal: principal)
            return Response.redirect(to: "/declarations/\(id)?done=control-recorded", type: .normal)
        } catch let problem as APIProblem where problem.status == .unprocessableContent || problem.code == "control-recorded" {
            return Response.redirect(to: "/declarations/\(id)?done=control-refused", type: .normal)
        }
    }
}
