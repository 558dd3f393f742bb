import Foundation
import Hummingbird
import KeruenCore

/// The portal's payment pages: a declaration's invoice (on its page) and paying it from the advance
/// account, the company's advance account and its movements, and printable customs receipts.
struct PortalPaymentsController {
    let portal: PortalController

    private var dependencies: AppDependencies { portal.dependencies }
    private var payments: PaymentWorkflow { PaymentWorkflow(dependencies: dependencies) }

    func addRoutes(to router: Router<KeruenRequestContext>) {
        router.post("/declarations/:id/pay") { request, context in try await pay(request, context) }
        router.get("/declarations/:id/receipts/:number") { _, context in try await receipt(context) }
        router.get("/account") { _, context in try await account(context) }
    }

    /// What the declaration page shows of the invoice, or nil before there is one.
    func invoiceSection(declarationID: String, principal: Principal, language: Language) async throws -> [String: Any]? {
        let invoice: Invoice
        do {
            invoice = try await portal.workflow.invoice(id: declarationID, principal: principal)
        } catch let problem as APIProblem where problem.code == APIProblem.notFound.code {
            return nil  // not an import, or not registered yet: no invoice to show
        }
        let receipts = try await payments.receipts(declarationID: declarationID, principal: principal)
        let localizer = portal.localizer
        let lines: [[String: Any]] = invoice.lines.map { line in
            var explanation = localizer.text("payment-rule.\(line.rule.rawValue)", language, ["preference": line.preference ?? ""])
            if let quantity = line.quantity { explanation += " · \(DecimalText.format(quantity))" }
            return ["code": line.code, "name": localizer.text("payment-code.\(line.code)", language), "item": line.item.map(String.init) ?? "—",
                    "base": line.rule == .fee ? "—" : PortalFormat.amount(line.base.decimal), "rate": line.rate, "amount": PortalFormat.amount(line.amount.decimal),
                    "explanation": explanation, "record": line.record]
        }
        return ["reference": invoice.reference, "day": invoice.day.description, "customsValue": PortalFormat.amount(invoice.customsValue.decimal),
                "total": PortalFormat.amount(invoice.total.decimal), "due": PortalFormat.amount(invoice.due.decimal), "paid": invoice.isPaid,
                "status": localizer.text("invoice.\(invoice.settlement.rawValue)", language), "lines": lines,
                "canPay": !invoice.isPaid && principal.hasAny(.declarant, .broker),
                "receipts": receipts.map { ["number": $0.number, "amount": PortalFormat.amount($0.amount.decimal), "at": PortalFormat.time($0.issuedAt)] }]
    }

    private func pay(_ request: Request, _ context: KeruenRequestContext) async throws -> Response {
        guard let principal = context.scope.principal else { return portal.signInRedirect() }
        let form = try await portal.postedForm(request, context)
        let id = context.parameters.get("id") ?? ""
        do {
            _ = try await payments.payFromAccount(declarationID: id, principal: principal)
            return Response.redirect(to: "/declarations/\(id)?done=paid", type: .normal)
        } catch let problem as APIProblem where problem.code == "insufficient-funds" || problem.code == "invoice-paid" {
            return Response.redirect(to: "/declarations/\(id)?done=\(problem.code)", type: .normal)
        }
    }

    private func receipt(_ context: KeruenRequestContext) async throws -> Response {
        guard let principal = context.scope.principal else { return portal.signInRedirect() }
        let id = context.parameters.get("id") ?? "", number = context.parameters.get("number") ?? ""
        let declaration = try await portal.workflow.get(id: id, principal: principal)
        let invoice = try await portal.workflow.invoice(id: id, principal: principal)
        guard let receipt = try await payments.receipts(declarationID: id, principal: principal).first(where: { $0.number == number }) else {
            throw APIProblem.notFound
        }
        let language = context.scope.language
        return try portal.page("receipt", context, title: "receipt.title", titleArguments: ["number": receipt.number], [
            "number": receipt.number, "registrationNumber": declaration.registrationNumber?.description ?? "", "invoiceReference": receipt.invoiceReference,
            "payer": receipt.payerBIN, "amount": PortalFormat.amount(receipt.amount.decimal),
            "method": portal.localizer.text("payment-method.\(receipt.method.rawValue)", language),
            "issuedAt": PortalFormat.time(receipt.issuedAt), "issuedBy": receipt.issuedBy, "id": id,
            "totals": invoice.lines.totalsByCode.map { ["code": $0.code, "name": portal.localizer.text("payment-code.\($0.code)", language),
                                                  "amount": PortalFormat.amount($0.amount.decimal)] },
        ])
    }

    private func account(_ context: KeruenRequestContext) async throws -> Response {
        guard let principal = context.scope.principal else { return portal.signInRedirect() }
        guard let bin = principal.companyBIN else { throw APIProblem.notFound }
        let (balance, movements, guarantees) = try await payments.account(companyBIN: bin, principal: principal)
        let language = context.scope.language
        return try portal.page("account", context, title: "account.title", [
            "bin": bin, "balance": PortalFormat.amount(balance.decimal),
            "guarantees": guarantees.map { guarantee in
                ["number": guarantee.number, "kind": portal.localizer.text("guarantee.\(guarantee.kind.rawValue)", language),
                 "amount": PortalFormat.amount(guarantee.amount.decimal), "available": PortalFormat.amount(guarantee.available.decimal),
                 "valid": "\(guarantee.validFrom) – \(guarantee.validTo)"]
            },
            "movements": movements.map { movement in
                ["at": PortalFormat.time(movement.at), "kind": portal.localizer.text("account.\(movement.kind.rawValue)", language),
                 "kindCode": movement.kind.rawValue, "amount": PortalFormat.amount(movement.amount.decimal),
                 "balance": PortalFormat.amount(movement.balanceAfter.decimal), "reference": movement.reference]
            },
        ])
    }
}
