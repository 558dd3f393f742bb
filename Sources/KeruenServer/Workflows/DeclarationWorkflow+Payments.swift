import Foundation
import KeruenCore
import KeruenStore

extension DeclarationWorkflow {
    /// The registered declaration's invoice, for whoever may see the declaration.
    func invoice(id: String, principal: Principal) async throws -> Invoice {
        try await store.read { try await invoice(id: id, principal: principal, in: $0) }
    }

    func invoice(id: String, principal: Principal, in session: StoreSession) async throws -> Invoice {
        _ = try await visible(id: id, principal: principal, in: session)
        guard let invoice = try await session.invoices.find(declarationID: id) else { throw APIProblem.notFound }
        return invoice
    }
}

extension DeclarationWorkflow {
    /// An officer's correction of a registered (or released) declaration: the new content is kept as a
    /// new version (the earlier ones stay), and an import's payments are computed again at the rates of
    /// the registration day. The invoice is revised: a larger total leaves the difference due; a
    /// smaller one refunds what was paid beyond it to the payer's advance account.
    func correct(id: String, content: DeclarationContent, reasons: [String], expectedVersion: Int?, principal: Principal) async throws -> Declaration {
        guard principal.hasAny(.officer, .supervisor) else { throw APIProblem.forbidden }
        guard let expectedVersion else { throw APIProblem.preconditionRequired }
        guard !reasons.allSatisfy({ $0.trimmingSpaces().isEmpty }) else { throw APIProblem.validation([ValidationProblem("/reasons", .required)]) }
        let problems = dependencies.validator.limitProblems(in: content) + dependencies.validator.problems(in: content)
        guard problems.isEmpty else { throw APIProblem.validation(problems.map { $0.prefixed("/content") }) }
        let payments = try await dependencies.paymentReference.calculator(now: dependencies.clock())
        return try await store.write { session in
            let now = dependencies.clock()
            var declaration = try await visible(id: id, principal: principal, in: session).declaration
            guard declaration.version == expectedVersion else { throw APIProblem.versionMismatch }
            guard declaration.status == .registered || declaration.status == .released, let registeredAt = declaration.registeredAt else {
                throw APIProblem.invalidState("Only a registered or released declaration is corrected; this one is \(declaration.status.rawValue).")
            }
            try await ControlWorkflow(dependencies: dependencies).checkDuties(declaration.status == .released ? .correctReleased : .correct,
                                                                              on: declaration, principal: principal, in: session)
            if content.kind == .import, var invoice = try await session.invoices.find(declarationID: id) {
                switch payments.assess(content, on: CustomsDay(containing: registeredAt)) {
                case .problems(let problems): throw APIProblem.validation(problems.map { $0.prefixed("/content") })
                case .assessed(let assessment):
                    invoice.lines = assessment.lines
                    invoice.customsValue = assessment.customsValue
                    invoice.revision += 1
                    let refund = invoice.paid - invoice.total
                    if refund > .zero {
                        let payer = try await session.invoices.receipts(invoiceID: invoice.id).last?.payerBIN ?? invoice.declarantBIN ?? ""
                        let credit = try await session.accounts.credit(companyBIN: payer, amount: refund, reference: "refund \(invoice.reference)",
                                                                       invoiceID: invoice.id, at: now, by: principal.username)
                        invoice.paid = invoice.total
                        try PaymentWorkflow(dependencies: dependencies).record("account.credit", credit, by: principal.username, in: session)
                    }
                    try await session.invoices.revise(invoice)
                    session.record(AuditEntry(actor: principal.username, action: "invoice.revise", objectType: "invoice", objectID: invoice.id, at: now,
                                              stateDigest: try invoice.stateDigest()))
                }
            }
            declaration.content = content
            declaration.version += 1
            declaration.updatedAt = now
            let document = try DeclarationDocument(declaration)
            guard try await session.declarations.updateContent(document, expectedVersion: expectedVersion) else { throw APIProblem.versionMismatch }
            try await session.declarations.addEvents(declarationID: id, [
                StatusChange(status: declaration.status, at: now, actor: principal.username, note: "correction: " + reasons.joined(separator: "; ")),
            ])
            try record("declaration.correct", document, by: principal.username, in: session)
            try await StatisticsWorkflow(dependencies: dependencies).count(declaration, in: session)
            try await WebhookWorkflow(dependencies: dependencies).notify("declaration.correct", declaration, in: session, at: now)
            return declaration
        }
    }
}

extension ValidationProblem {
    /// The same problem at a field inside `parent` (a content inside a request body).
    func prefixed(_ parent: String) -> ValidationProblem {
        var moved = self
        moved.pointer = parent + pointer
        return moved
    }

    /// The same problem at its field within `parent`, for a form that shows the content alone.
    func unprefixed(_ parent: String) -> ValidationProblem {
        var moved = self
        if pointer.hasPrefix(parent) { moved.pointer.removeFirst(parent.count) }
        return moved
    }
}
