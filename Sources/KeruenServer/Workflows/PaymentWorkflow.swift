import Foundation
import KeruenCore
import KeruenStore

/// Paying invoices: from the payer's advance account, or by a bank transfer that quotes the invoice's
/// reference. Each payment pays what is due in full, issues a customs receipt and is audited with the
/// account movement it made, in one transaction.
public struct PaymentWorkflow: Sendable {
    let dependencies: AppDependencies

    public init(dependencies: AppDependencies) { self.dependencies = dependencies }

    /// Pays the declaration's invoice from the advance account of the principal's company (the
    /// declarant, or a broker paying for a declarant it represents).
    public func payFromAccount(declarationID: String, principal: Principal) async throws -> Receipt {
        guard principal.hasAny(.declarant, .broker), let payer = principal.companyBIN else { throw APIProblem.forbidden }
        _ = try await DeclarationWorkflow(dependencies: dependencies).get(id: declarationID, principal: principal)
        return try await dependencies.store.write { session in
            guard let invoice = try await session.invoices.find(declarationID: declarationID) else { throw APIProblem.notFound }
            return try await pay(invoice, from: payer, method: .advanceAccount, actor: principal.username, in: session)
        }
    }

    /// A bank transfer received for an invoice (by its reference): credited to the payer's advance
    /// account, and the invoice paid from it when it covers what is due. Answers the receipt, if paid.
    public func recordBankTransfer(invoiceReference: String, amount: Tenge, bankReference: String, actor: String) async throws -> Receipt? {
        guard amount > .zero else { throw APIProblem.validation([ValidationProblem("/amount", .notPositive)]) }
        return try await dependencies.store.write { session in
            guard let invoice = try await session.invoices.find(reference: invoiceReference) else {
                throw APIProblem.validation([ValidationProblem("/invoiceReference", .unknownCode)])
            }
            guard let payer = invoice.declarantBIN else { throw APIProblem.invalidState("The invoice names no declarant to credit.") }
            let now = dependencies.clock()
            let credit = try await session.accounts.credit(companyBIN: payer, amount: amount, reference: bankReference, invoiceID: invoice.id, at: now, by: actor)
            try record("account.credit", credit, by: actor, in: session)
            guard invoice.due > .zero, credit.balanceAfter >= invoice.due else { return nil }
            return try await pay(invoice, from: payer, method: .bankTransfer, actor: actor, in: session)
        }
    }

    /// Money paid into a company's advance account (a bank transfer that names no invoice).
    public func creditAccount(companyBIN: String, amount: Tenge, bankReference: String, actor: String) async throws -> AccountMovement {
        guard amount > .zero else { throw APIProblem.validation([ValidationProblem("/amount", .notPositive)]) }
        return try await dependencies.store.write { session in
            guard try await session.companies.find(bin: companyBIN) != nil else { throw APIProblem.notFound }
            let credit = try await session.accounts.credit(companyBIN: companyBIN, amount: amount, reference: bankReference, at: dependencies.clock(), by: actor)
            try record("account.credit", credit, by: actor, in: session)
            return credit
        }
    }

    /// The account of a company and its guarantees, for its own people and for administrators.
    public func account(companyBIN: String, principal: Principal) async throws -> (balance: Tenge, movements: [AccountMovement], guarantees: [Guarantee]) {
        guard principal.has(.admin) || principal.companyBIN == companyBIN else { throw APIProblem.notFound }
        return try await dependencies.store.read { session in
            (try await session.accounts.balance(companyBIN: companyBIN), try await session.accounts.movements(companyBIN: companyBIN),
             try await session.guarantees.all(companyBIN: companyBIN))
        }
    }

    /// A guarantee accepted by customs (administrators record it from the bank's or insurer's document).
    public func registerGuarantee(_ guarantee: Guarantee, actor: String) async throws -> Guarantee {
        var problems: [ValidationProblem] = []
        if guarantee.amount <= .zero { problems.append(ValidationProblem("/amount", .notPositive)) }
        if guarantee.validTo < guarantee.validFrom { problems.append(ValidationProblem("/validTo", .outOfRange)) }
        if guarantee.kind == .single && guarantee.declarationID == nil { problems.append(ValidationProblem("/declarationId", .required)) }
        if guarantee.number.trimmingSpaces().isEmpty { problems.append(ValidationProblem("/number", .required)) }
        guard problems.isEmpty else { throw APIProblem.validation(problems) }
        return try await dependencies.store.write { session in
            guard try await session.companies.find(bin: guarantee.companyBIN) != nil else {
                throw APIProblem.validation([ValidationProblem("/companyBIN", .unknownCode)])
            }
            let now = dependencies.clock()
            try await session.guarantees.insert(guarantee, at: now, by: actor)
            session.record(AuditEntry(actor: actor, action: "guarantee.register", objectType: "guarantee", objectID: guarantee.id, at: now,
                                      stateDigest: try stateDigest(of: ["number": guarantee.number, "amount": guarantee.amount.description,
                                                                        "company": guarantee.companyBIN, "kind": guarantee.kind.rawValue])))
            return guarantee
        }
    }

    /// Secures what the declaration's invoice asks with one of the company's guarantees, so that the
    /// goods may be released before payment; paying the invoice later releases the guarantee.
    public func secureInvoice(declarationID: String, guaranteeID: String, principal: Principal) async throws -> Invoice {
        guard principal.hasAny(.declarant, .broker), let company = principal.companyBIN else { throw APIProblem.forbidden }
        _ = try await DeclarationWorkflow(dependencies: dependencies).get(id: declarationID, principal: principal)
        return try await dependencies.store.write { session in
            guard var invoice = try await session.invoices.find(declarationID: declarationID) else { throw APIProblem.notFound }
            let now = dependencies.clock()
            guard let guarantee = try await session.guarantees.find(id: guaranteeID), guarantee.companyBIN == company,
                  guarantee.covers(declarationID: declarationID, on: CustomsDay(containing: now)) else {
                throw APIProblem.validation([ValidationProblem("/guaranteeId", .unknownCode)])
            }
            let open = invoice.due - invoice.secured
            guard open > .zero else { throw APIProblem(.conflict, "invoice-paid", detail: "Invoice \(invoice.reference) is paid or secured.") }
            guard try await session.guarantees.secure(invoiceID: invoice.id, with: guarantee.id, amount: open, at: now) else {
                throw APIProblem(.unprocessableContent, "guarantee-exhausted",
                                 detail: "Guarantee \(guarantee.number) has \(guarantee.available) KZT left; invoice \(invoice.reference) asks \(open) KZT.")
            }
            invoice.secured = invoice.secured + open
            session.record(AuditEntry(actor: principal.username, action: "invoice.secure", objectType: "invoice", objectID: invoice.id, at: now,
                                      stateDigest: try stateDigest(of: ["guarantee": guarantee.number, "amount": open.description])))
            try await DeclarationWorkflow(dependencies: dependencies).releaseIfGreen(declarationID: declarationID, in: session, at: now)
            return invoice
        }
    }

    public func receipts(declarationID: String, principal: Principal) async throws -> [Receipt] {
        try await dependencies.store.read { session in
            let invoice = try await DeclarationWorkflow(dependencies: dependencies).invoice(id: declarationID, principal: principal, in: session)
            return try await session.invoices.receipts(invoiceID: invoice.id)
        }
    }

    private func pay(_ invoice: Invoice, from payer: String, method: Receipt.Method, actor: String, in session: StoreSession) async throws -> Receipt {
        let due = invoice.due
        guard due > .zero else { throw APIProblem(.conflict, "invoice-paid", detail: "Invoice \(invoice.reference) is paid.") }
        let now = dependencies.clock()
        guard let debit = try await session.accounts.debit(companyBIN: payer, amount: due, invoiceID: invoice.id, reference: invoice.reference, at: now, by: actor) else {
            let balance = try await session.accounts.balance(companyBIN: payer)
            throw APIProblem(.unprocessableContent, "insufficient-funds",
                             detail: "The advance account of \(payer) holds \(balance) KZT; invoice \(invoice.reference) asks \(due) KZT.")
        }
        guard try await session.invoices.recordPayment(invoiceID: invoice.id, amount: due) else {
            throw APIProblem(.conflict, "invoice-paid", detail: "Invoice \(invoice.reference) is paid.")
        }
        try await session.guarantees.release(invoiceID: invoice.id, at: now)
        let count = try await session.invoices.receipts(invoiceID: invoice.id).count
        let receipt = Receipt(id: TimeOrderedID.make(), number: "R" + invoice.reference.dropFirst(3) + "-\(count + 1)", invoiceID: invoice.id,
                              invoiceReference: invoice.reference, payerBIN: payer, amount: due, method: method, issuedAt: now, issuedBy: actor)
        try await session.invoices.insert(receipt)
        try record("account.debit", debit, by: actor, in: session)
        session.record(AuditEntry(actor: actor, action: "invoice.pay", objectType: "invoice", objectID: invoice.id, at: now,
                                  stateDigest: try stateDigest(of: ["receipt": receipt.number, "amount": due.description, "method": method.rawValue])))
        try await DeclarationWorkflow(dependencies: dependencies).releaseIfGreen(declarationID: invoice.declarationID, in: session, at: now)
        return receipt
    }

    /// The audit record of an account movement (a refund by a correction writes one too).
    func record(_ action: String, _ movement: AccountMovement, by actor: String, in session: StoreSession) throws {
        let state = ["movement": movement.id, "kind": movement.kind.rawValue, "amount": movement.amount.description,
                     "balanceAfter": movement.balanceAfter.description, "reference": movement.reference]
        session.record(AuditEntry(actor: actor, action: action, objectType: "advance-account", objectID: movement.companyBIN, at: movement.at,
                                  stateDigest: try stateDigest(of: state)))
    }
}
