import Foundation
import KeruenCore
import KeruenStore

/// The declaration use cases — draft, update, validate, submit and register, withdraw — shared by
/// the API and the portal. Rules come from KeruenCore; every change is one transaction with its audit record.
struct DeclarationWorkflow: Sendable {
    let dependencies: AppDependencies

    static let maximumPageSize = 200

    var store: Store { dependencies.store }

    // MARK: Reading

    /// The declaration if the principal may see it; 404 otherwise (whether it exists is nobody else's business).
    func get(id: String, principal: Principal) async throws -> Declaration {
        try await document(id: id, principal: principal).declaration
    }

    func document(id: String, principal: Principal) async throws -> DeclarationDocument {
        try await store.read { try await visible(id: id, principal: principal, in: $0) }
    }

    func history(id: String, principal: Principal) async throws -> [StatusChange] {
        try await store.read { session in
            _ = try await visible(id: id, principal: principal, in: session)
            return try await session.declarations.history(declarationID: id)
        }
    }

    /// What a declaration's page shows first, in one read: the declaration, its history and its signatures.
    func overview(id: String, principal: Principal) async throws -> (declaration: Declaration, history: [StatusChange], signatures: [DeclarationSignature]) {
        try await store.read { session in
            let declaration = try await visible(id: id, principal: principal, in: session).declaration
            return (declaration, try await session.declarations.history(declarationID: id), try await session.signatures.all(declarationID: id))
        }
    }

    func list(principal: Principal, filter: DeclarationRepository.Filter, cursor: String?, limit: Int?) async throws
        -> (items: [DeclarationRepository.Summary], nextCursor: String?) {
        let pageSize = min(max(limit ?? 50, 1), Self.maximumPageSize)
        if filter.assignedTo != nil && !principal.hasAny(.officer, .supervisor) { throw APIProblem.forbidden }
        if let cursor, !TimeOrderedID.isValid(cursor) {
            throw APIProblem.validation([ValidationProblem("/cursor", expected: .cursor)])
        }
        let scope = dependencies.scope(of: principal)
        let items = try await store.read { session in
            try await session.declarations.list(scope: scope, filter: filter, after: cursor, limit: pageSize + 1)
        }
        let page = Array(items.prefix(pageSize))
        return (page, items.count > pageSize ? page.last?.id : nil)
    }

    /// Every problem that would stop registration, read in one go with the declaration.
    func validate(id: String, principal: Principal) async throws -> [ValidationProblem] {
        try await validate(try await get(id: id, principal: principal), principal: principal)
    }

    /// Every problem that would stop registration of a declaration the caller has just read or saved.
    func validate(_ declaration: Declaration, principal: Principal) async throws -> [ValidationProblem] {
        let payments = try await dependencies.paymentReference.calculator(now: dependencies.clock())
        return try await store.read { session in
            try await registrationCheck(of: declaration.content, principal: principal, payments: payments, in: session,
                                        day: CustomsDay(containing: dependencies.clock())).problems
        }
    }

    // MARK: Changing

    func create(_ content: DeclarationContent, principal: Principal, idempotencyKey: String?) async throws -> Declaration {
        let rights = try filer(principal)
        let requested = (content: content, json: try DeclarationDocument.encode(content))
        let request = try IdempotentRequest(key: idempotencyKey, principal: principal.userID, operation: "declaration.create", encodedBody: requested.json)
        return try await store.write { session in
            let now = dependencies.clock()
            return try await IdempotentRequest.run(request, in: session, now: now) {
                var content = content
                try await checkDraft(&content, rights: rights, in: session, day: CustomsDay(containing: now))
                let declaration = Declaration(id: TimeOrderedID.make(at: now), version: 1, status: .draft, content: content,
                                              createdBy: principal.username, createdAt: now, updatedAt: now)
                let document = try DeclarationDocument(declaration, reusing: requested)
                try await session.declarations.insert(document, event: StatusChange(status: .draft, at: now, actor: principal.username))
                try record("declaration.create", document, by: principal.username, in: session)
                return document
            }
        }.declaration
    }

    func update(id: String, content: DeclarationContent, expectedVersion: Int, principal: Principal) async throws -> Declaration {
        let rights = try filer(principal)
        return try await store.write { session in
            let now = dependencies.clock()
            var declaration = try await visible(id: id, principal: principal, in: session).declaration
            guard declaration.version == expectedVersion else { throw APIProblem.versionMismatch }
            guard declaration.status == .draft else { throw APIProblem.invalidState("Only a draft can be changed; this declaration is \(declaration.status.rawValue).") }
            var content = content
            try await checkDraft(&content, rights: rights, in: session, day: CustomsDay(containing: now))
            declaration.content = content
            declaration.version += 1
            declaration.updatedAt = now
            let document = try DeclarationDocument(declaration)
            guard try await session.declarations.updateContent(document, expectedVersion: expectedVersion) else { throw APIProblem.versionMismatch }
            try record("declaration.update", document, by: principal.username, in: session)
            return declaration
        }
    }

    /// Submits a draft. A valid one is registered at once with the next serial of its office and day;
    /// an invalid one is rejected and keeps the reasons. `signature` (a detached CMS over the draft's
    /// ``SigningPayload``) must be valid where the office requires one; it is kept with the declaration.
    /// A refused signature changes nothing.
    func submit(id: String, expectedVersion: Int?, principal: Principal, idempotencyKey: String?, signature: [UInt8]? = nil) async throws -> Declaration {
        _ = try filer(principal)
        let trust = try await dependencies.signatureTrust.snapshot(now: dependencies.clock())
        let payments = try await dependencies.paymentReference.calculator(now: dependencies.clock())
        let risk = try await dependencies.riskReference.snapshot(now: dependencies.clock())
        return try await changeStatus(id: id, expectedVersion: expectedVersion, principal: principal, idempotencyKey: idempotencyKey, operation: "submit",
                               body: SubmitBody(version: expectedVersion, signature: signature.map { Data($0).base64EncodedString() }),
                               prepare: { document, session, day -> SubmitCheck in
            guard document.declaration.status == .draft else { return SubmitCheck(problems: [], signature: nil) }
            let (problems, assessment) = try await registrationCheck(of: document.declaration.content, principal: principal, payments: payments,
                                                                     in: session, day: day)
            let selectivity = problems.isEmpty ? try await self.selectivity(of: document.declaration.content, assessment: assessment, payments: payments,
                                                                             risk: risk, in: session, day: day) : nil
            return SubmitCheck(problems: problems, signature: try await verifiedSignature(signature, of: document, by: principal, trust: trust, in: session),
                               assessment: assessment, selectivity: selectivity,
                               assignee: try await assignee(for: selectivity, content: document.declaration.content, in: session))
        }) { declaration, check, session, now in
            guard declaration.status == .draft else {
                throw APIProblem.invalidState("Only a draft can be submitted; this declaration is \(declaration.status.rawValue).")
            }
            let problems = check.problems
            let day = CustomsDay(containing: now)
            let submitted = StatusChange(status: .submitted, at: now, actor: principal.username)
            var result: (action: String, events: [StatusChange])
            if problems.isEmpty, let office = declaration.content.officeCode {
                guard let serial = try await session.declarations.nextSerial(officeCode: office, day: day, forDeclaration: declaration.id,
                                                                               atVersion: declaration.version) else { return nil }
                declaration.status = .registered
                declaration.registrationNumber = RegistrationNumber(officeCode: office, day: day, serial: serial)
                declaration.registeredAt = now
                result = ("declaration.register", [
                    submitted, StatusChange(status: .registered, at: now, actor: "keruen", note: declaration.registrationNumber?.description),
                ])
                var invoiceMayRelease = true
                if let assessment = check.assessment, let number = declaration.registrationNumber {
                    let invoice = Invoice(id: TimeOrderedID.make(), declarationID: declaration.id, number: number,
                                          declarantBIN: declaration.content.declarant?.identificationNumber, assessment: assessment, at: now)
                    try await session.invoices.insert(invoice)
                    invoiceMayRelease = invoice.mayRelease
                    session.record(AuditEntry(actor: "keruen", action: "invoice.issue", objectType: "invoice", objectID: invoice.id, at: now,
                                              stateDigest: try invoice.stateDigest()))
                }
                if let selectivity = check.selectivity { try await record(selectivity, of: declaration, in: session, at: now) }
                if let officer = check.assignee { try await assign(declaration, to: officer, in: session, at: now) }
                // Green with nothing to pay (an export, or duties all relieved): released with its registration.
                if check.selectivity?.channel == .green && invoiceMayRelease {
                    declaration.status = .released
                    result.events.append(Self.automaticRelease(at: now))
                    try await StatisticsWorkflow(dependencies: dependencies).count(declaration, assessment: check.assessment, in: session)
                }
            } else {
                declaration.status = .rejected
                declaration.rejectionProblems = problems
                result = ("declaration.reject", [submitted, StatusChange(status: .rejected, at: now, actor: "keruen", note: "\(problems.count) problem(s)")])
            }
            if let signed = check.signature { try await session.signatures.insert(signed, declarationID: declaration.id) }
            return result
        }
    }

    /// An officer's decision on a registered declaration: refusal of registration, release, or refusal
    /// of release, with its reasons and the officer's signature of them. In the portal the server signs
    /// with the key it holds for the officer (``OfficerKeys``), recorded as such.
    func decide(id: String, decision: OfficerDecision, reasons: [String], expectedVersion: Int?, principal: Principal,
                idempotencyKey: String?, signature: [UInt8]?, serverHeldKey: Bool = false) async throws -> Declaration {
        guard principal.hasAny(.officer, .supervisor) else { throw APIProblem.forbidden }
        if decision.needsReasons && reasons.allSatisfy({ $0.trimmingSpaces().isEmpty }) {
            throw APIProblem.validation([ValidationProblem("/reasons", .required)])
        }
        let trust = try await dependencies.signatureTrust.snapshot(now: dependencies.clock())
        return try await dependencies.recordingRefusal("declaration.\(decision.rawValue)", objectID: id, principal: principal) {
            try await changeStatus(id: id, expectedVersion: expectedVersion, principal: principal, idempotencyKey: idempotencyKey,
                                   operation: decision.rawValue, body: DecisionBody(version: expectedVersion, reasons: reasons,
                                                                                   signature: signature.map { Data($0).base64EncodedString() }),
                                   prepare: { document, session, _ -> DeclarationSignature? in
                let declaration = document.declaration
                guard declaration.status == .registered, let number = declaration.registrationNumber else { return nil }
                let payload = SigningPayload(decision: decision.rawValue, declarationID: declaration.id, registrationNumber: number.description,
                                             version: declaration.version, reasons: reasons)
                return try await officerSignature(signature, payload: payload, purpose: decision.rawValue, version: declaration.version,
                                                  reasons: reasons, by: principal, serverHeldKey: serverHeldKey, trust: trust, in: session)
            }) { declaration, signed, session, now in
                guard declaration.status == .registered, let signed else {
                    throw APIProblem.invalidState("Only a registered declaration can be decided on; this one is \(declaration.status.rawValue).")
                }
                try await ControlWorkflow(dependencies: dependencies).checkDuties(.decide(decision), on: declaration, principal: principal, in: session)
                if decision == .release, let invoice = try await session.invoices.find(declarationID: declaration.id), !invoice.mayRelease {
                    throw APIProblem(.conflict, "invoice-unpaid", detail: "Invoice \(invoice.reference) is neither paid nor secured; goods are released only then.")
                }
                declaration.status = decision.outcome
                try await session.signatures.insert(signed, declarationID: declaration.id)
                try await StatisticsWorkflow(dependencies: dependencies).count(declaration, in: session)
                return ("declaration.\(decision.rawValue)", [StatusChange(status: decision.outcome, at: now, actor: principal.username,
                                                                         note: reasons.isEmpty ? nil : reasons.joined(separator: "; "))])
            }
        }
    }

    func withdraw(id: String, expectedVersion: Int?, principal: Principal, idempotencyKey: String?) async throws -> Declaration {
        _ = try filer(principal)
        return try await changeStatus(id: id, expectedVersion: expectedVersion, principal: principal, idempotencyKey: idempotencyKey, operation: "withdraw",
                               body: expectedVersion, prepare: { _, _, _ in }) { declaration, _, session, now in
            guard declaration.status.canMove(to: .withdrawn) else {
                throw APIProblem.invalidState("A \(declaration.status.rawValue) declaration cannot be withdrawn.")
            }
            declaration.status = .withdrawn
            return ("declaration.withdraw", [StatusChange(status: .withdrawn, at: now, actor: principal.username)])
        }
    }

    /// The frame of every status change: one transaction, idempotent, guarded by the version, audited.
    /// `prepare` reads what the change needs (the validation of a submit) for the customs day;
    /// `change` moves the declaration and answers the audit action and the status changes for its
    /// history, or nil if it found, writing nothing, that the declaration changed since it was read.
    ///
    /// Why the declaration is read and prepared before the write: writes run one at a time
    /// (``GroupCommit``), so the transaction goes ahead with what was prepared, each of its writes
    /// guarded by the version read; only if another change came in between (or midnight passed) does
    /// it read and prepare again.
    private func changeStatus<Prepared: Sendable>(
        id: String, expectedVersion: Int?, principal: Principal, idempotencyKey: String?, operation: String, body: some Encodable,
        prepare: @escaping @Sendable (DeclarationDocument, StoreSession, CustomsDay) async throws -> Prepared,
        _ change: @escaping @Sendable (inout Declaration, Prepared, StoreSession, Date) async throws -> (action: String, events: [StatusChange])?
    ) async throws -> Declaration {
        let request = try IdempotentRequest(key: idempotencyKey, principal: principal.userID, operation: "declaration.\(operation):\(id)", body: body)
        let readDay = CustomsDay(containing: dependencies.clock())
        // A failure here (not found, say) is reported by the transaction, which reads again; a refused
        // signature is final, and is not verified again inside the write.
        let early: (document: DeclarationDocument, prepared: Prepared)?
        do {
            early = try await store.read { session in
                let document = try await visible(id: id, principal: principal, in: session)
                return (document: document, prepared: try await prepare(document, session, readDay))
            }
        } catch let problem as APIProblem where problem.code.hasPrefix("signature-") {
            throw problem
        } catch {
            early = nil
        }
        return try await store.write { session in
            let now = dependencies.clock()
            /// The changed document, or nil when `document` is no longer current (nothing was written).
            func attempt(_ document: DeclarationDocument, _ prepared: Prepared) async throws -> DeclarationDocument? {
                var document = document
                let previousVersion = document.declaration.version
                if let expectedVersion, previousVersion != expectedVersion { return nil }
                guard let (action, events) = try await change(&document.declaration, prepared, session, now) else { return nil }
                document.declaration.version += 1
                document.declaration.updatedAt = now
                guard try await session.declarations.updateStatus(document.declaration, expectedVersion: previousVersion, events: events) else {
                    return nil
                }
                try record(action, document, by: principal.username, in: session)
                try await WebhookWorkflow(dependencies: dependencies).notify(action, document.declaration, in: session, at: now)
                return document
            }
            return try await IdempotentRequest.run(request, in: session, now: now) {
                if let early, readDay == CustomsDay(containing: now), let changed = try await attempt(early.document, early.prepared) {
                    return changed
                }
                let document = try await visible(id: id, principal: principal, in: session)
                guard let changed = try await attempt(document, try await prepare(document, session, CustomsDay(containing: now))) else {
                    throw APIProblem.versionMismatch
                }
                return changed
            }
        }.declaration
    }

    // MARK: Rules

    private func filer(_ principal: Principal) throws -> FilingRights {
        let rights = FilingRights(principal: principal)
        guard rights.mayFile else { throw APIProblem.forbidden }
        return rights
    }

    func visible(id: String, principal: Principal, in session: StoreSession) async throws -> DeclarationDocument {
        guard let document = try await session.declarations.find(id: id) else { throw APIProblem.notFound }
        let declaration = document.declaration
        let allowed = dependencies.scope(of: principal).allows(
            declarantBIN: declaration.content.declarant?.identificationNumber,
            representativeBIN: declaration.content.representative?.identificationNumber,
            officeCode: declaration.content.officeCode, status: declaration.status)
        guard allowed else { throw APIProblem.notFound }
        return document
    }

    /// A broker's principal completed with the declarants it may act for on `day`.
    func withRepresentations(_ principal: Principal, in session: StoreSession, day: CustomsDay) async throws -> Principal {
        guard principal.has(.broker), let bin = principal.companyBIN else { return principal }
        var principal = principal
        principal.representedBINs = try await session.companies.representedDeclarants(brokerBIN: bin, on: day)
        return principal
    }

    /// What a draft must satisfy to be stored: the hard limits, and that the principal files for itself or a represented declarant.
    private func checkDraft(_ content: inout DeclarationContent, rights: FilingRights, in session: StoreSession, day: CustomsDay) async throws {
        let principal = try await withRepresentations(rights.principal, in: session, day: day)
        let problems = FilingRights(principal: principal).apply(to: &content) + dependencies.validator.limitProblems(in: content)
        if !problems.isEmpty { throw APIProblem.validation(problems) }
    }

    /// What stops registration: the filing rights, the validator's rules, and for an import that passes
    /// them, whatever stops its payment calculation (a rate, a tariff record, a quantity); else the payments.
    private func registrationCheck(of content: DeclarationContent, principal: Principal, payments: PaymentCalculator, in session: StoreSession,
                                   day: CustomsDay) async throws -> (problems: [ValidationProblem], assessment: PaymentAssessment?) {
        let principal = try await withRepresentations(principal, in: session, day: day)
        var checked = content
        let rights = principal.hasAny(.declarant, .broker) ? FilingRights(principal: principal).apply(to: &checked) : []
        let problems = rights + dependencies.validator.problems(in: content)
        guard problems.isEmpty, content.kind == .import else { return (problems, nil) }
        switch payments.assess(content, on: day) {
        case .assessed(let assessment): return ([], assessment)
        case .problems(let problems): return (problems, nil)
        }
    }

    func record(_ action: String, _ document: DeclarationDocument, by actor: String, in session: StoreSession) throws {
        session.record(AuditEntry(actor: actor, action: action, objectType: "declaration", objectID: document.declaration.id,
                                  at: document.declaration.updatedAt, stateDigest: try document.stateDigest()))
    }
}

/// What a submission found before its write: the problems that stop registration, and the verified signature.
private struct SubmitCheck: Sendable {
    var problems: [ValidationProblem]
    var signature: DeclarationSignature?
    var assessment: PaymentAssessment?
    /// The channel and why, for a submission that will be registered.
    var selectivity: RiskResult?
    /// The officer drawn for a declaration routed to control.
    var assignee: String?
}

/// What makes a submission the same request when retried with its Idempotency-Key.
private struct SubmitBody: Encodable {
    var version: Int?
    var signature: String?
}

/// What makes a decision the same request when retried with its Idempotency-Key.
private struct DecisionBody: Encodable {
    var version: Int?
    var reasons: [String]
    var signature: String?
}
