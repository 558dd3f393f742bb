import Foundation
import KeruenAPI
import KeruenCore
import OpenAPIRuntime

extension APIHandler {
    func getInvoice(_ input: Operations.GetInvoice.Input) async throws -> Operations.GetInvoice.Output {
        .ok(.init(body: .json(APIMapping.invoice(try await declarations.invoice(id: input.path.id, principal: try RequestScope.requirePrincipal())))))
    }

    func listExchangeRates(_ input: Operations.ListExchangeRates.Input) async throws -> Operations.ListExchangeRates.Output {
        _ = try RequestScope.require(.admin)
        return .ok(.init(body: .json(try await dependencies.store.read { try await $0.paymentReference.rates() }.map(APIMapping.exchangeRate))))
    }

    func importExchangeRates(_ input: Operations.ImportExchangeRates.Input) async throws -> Operations.ImportExchangeRates.Output {
        let principal = try RequestScope.require(.admin)
        guard case .xml(let body) = input.body else { throw APIProblem(.badRequest, "bad-request") }
        let rates = try await PaymentReferenceWorkflow(dependencies: dependencies)
            .importRates(try await Data(collecting: body, upTo: dependencies.configuration.maximumBodySize), actor: principal.username)
        return .created(.init(body: .json(rates.map(APIMapping.exchangeRate))))
    }

    func listTariff(_ input: Operations.ListTariff.Input) async throws -> Operations.ListTariff.Output {
        _ = try RequestScope.require(.admin)
        return .ok(.init(body: .json(try await dependencies.store.read { try await $0.paymentReference.tariff() }.map(APIMapping.tariffRecord))))
    }

    func putTariffRecord(_ input: Operations.PutTariffRecord.Input) async throws -> Operations.PutTariffRecord.Output {
        let principal = try RequestScope.require(.admin)
        guard case .json(let json) = input.body else { throw APIProblem(.badRequest, "bad-request") }
        let fields: [String: String?] = [
            "kind": json.kind.rawValue, "code": json.code, "valid_from": json.validFrom, "valid_to": json.validTo, "origins": json.origins,
            "rate": json.rate, "percent": json.percent, "amount": json.amount, "currency": json.currency, "unit": json.unit,
            "combination": json.combination, "percent_of_duty": json.percentOfDuty, "payment_code": json.paymentCode, "note": json.note,
        ]
        let record = try await PaymentReferenceWorkflow(dependencies: dependencies)
            .putTariffRecord(id: input.path.recordId, fields: fields.compactMapValues { $0 }, actor: principal.username)
        return .ok(.init(body: .json(APIMapping.tariffRecord(record))))
    }

    func deleteTariffRecord(_ input: Operations.DeleteTariffRecord.Input) async throws -> Operations.DeleteTariffRecord.Output {
        let principal = try RequestScope.require(.admin)
        try await PaymentReferenceWorkflow(dependencies: dependencies).deleteTariffRecord(id: input.path.recordId, actor: principal.username)
        return .noContent(.init())
    }

    func importTariff(_ input: Operations.ImportTariff.Input) async throws -> Operations.ImportTariff.Output {
        let principal = try RequestScope.require(.admin)
        guard case .csv(let body) = input.body else { throw APIProblem(.badRequest, "bad-request") }
        let text = String(decoding: try await Data(collecting: body, upTo: dependencies.configuration.maximumBodySize), as: UTF8.self)
        let records = try await PaymentReferenceWorkflow(dependencies: dependencies).importTariff(text, actor: principal.username)
        return .created(.init(body: .json(records.map(APIMapping.tariffRecord))))
    }
}

extension APIMapping {
    static func invoice(_ invoice: Invoice) -> Components.Schemas.Invoice {
        .init(id: invoice.id, declarationId: invoice.declarationID, reference: invoice.reference, declarantBIN: invoice.declarantBIN,
              day: invoice.day.description, customsValue: invoice.customsValue.description, total: invoice.total.description,
              paid: invoice.paid.description, secured: invoice.secured.description, due: invoice.due.description,
              status: .init(rawValue: invoice.settlement.rawValue)!, mayRelease: invoice.mayRelease, lines: invoice.lines.map(paymentLine))
    }

    static func paymentLine(_ line: PaymentLine) -> Components.Schemas.PaymentLine {
        .init(code: line.code, item: line.item, base: line.base.description, quantity: line.quantity.map(DecimalText.format), rate: line.rate,
              amount: line.amount.description, currency: line.currency, rule: .init(rawValue: line.rule.rawValue)!, record: line.record,
              preference: line.preference, preferencePercent: line.preferencePercent.map(DecimalText.format))
    }

    static func exchangeRate(_ rate: ExchangeRate) -> Components.Schemas.ExchangeRate {
        .init(currency: rate.currency, day: rate.day.description, price: DecimalText.format(rate.price), quant: rate.quant)
    }

    static func tariffRecord(_ record: TariffRecord) -> Components.Schemas.TariffRecord {
        let fields = record.fields
        return .init(id: record.id, kind: .init(rawValue: record.kind.rawValue)!, code: record.commodityPrefix, validFrom: fields["valid_from"] ?? "",
                     validTo: fields["valid_to"], origins: fields["origins"], rate: fields["rate"], percent: fields["percent"], amount: fields["amount"],
                     currency: fields["currency"], unit: fields["unit"], combination: fields["combination"], percentOfDuty: fields["percent_of_duty"],
                     paymentCode: record.paymentCode, note: fields["note"])
    }
}

extension APIHandler {
    func payInvoice(_ input: Operations.PayInvoice.Input) async throws -> Operations.PayInvoice.Output {
        let receipt = try await PaymentWorkflow(dependencies: dependencies).payFromAccount(declarationID: input.path.id,
                                                                                           principal: try RequestScope.requirePrincipal())
        return .created(.init(body: .json(APIMapping.receipt(receipt))))
    }

    func listReceipts(_ input: Operations.ListReceipts.Input) async throws -> Operations.ListReceipts.Output {
        let receipts = try await PaymentWorkflow(dependencies: dependencies).receipts(declarationID: input.path.id, principal: try RequestScope.requirePrincipal())
        return .ok(.init(body: .json(receipts.map(APIMapping.receipt))))
    }

    func getAdvanceAccount(_ input: Operations.GetAdvanceAccount.Input) async throws -> Operations.GetAdvanceAccount.Output {
        let (balance, movements, guarantees) = try await PaymentWorkflow(dependencies: dependencies).account(
            companyBIN: input.path.bin, principal: try RequestScope.requirePrincipal())
        return .ok(.init(body: .json(.init(companyBIN: input.path.bin, balance: balance.description, movements: movements.map(APIMapping.movement),
                                           guarantees: guarantees.map(APIMapping.guarantee)))))
    }

    func secureInvoice(_ input: Operations.SecureInvoice.Input) async throws -> Operations.SecureInvoice.Output {
        guard case .json(let json) = input.body else { throw APIProblem(.badRequest, "bad-request") }
        let invoice = try await PaymentWorkflow(dependencies: dependencies).secureInvoice(declarationID: input.path.id, guaranteeID: json.guaranteeId,
                                                                                          principal: try RequestScope.requirePrincipal())
        return .ok(.init(body: .json(APIMapping.invoice(invoice))))
    }

    func registerGuarantee(_ input: Operations.RegisterGuarantee.Input) async throws -> Operations.RegisterGuarantee.Output {
        let principal = try RequestScope.require(.admin)
        guard case .json(let json) = input.body else { throw APIProblem(.badRequest, "bad-request") }
        guard let from = CustomsDay(iso: json.validFrom), let to = CustomsDay(iso: json.validTo) else {
            throw APIProblem.validation([CustomsDay(iso: json.validFrom) == nil ? ValidationProblem("/validFrom", expected: .date)
                                                                                : ValidationProblem("/validTo", expected: .date)])
        }
        let guarantee = Guarantee(id: TimeOrderedID.make(), companyBIN: json.companyBIN, kind: .init(rawValue: json.kind.rawValue)!, number: json.number,
                                  amount: try APIMapping.tenge(json.amount, "/amount"), validFrom: from, validTo: to, declarationID: json.declarationId)
        return .created(.init(body: .json(APIMapping.guarantee(try await PaymentWorkflow(dependencies: dependencies)
            .registerGuarantee(guarantee, actor: principal.username)))))
    }

    func creditAdvanceAccount(_ input: Operations.CreditAdvanceAccount.Input) async throws -> Operations.CreditAdvanceAccount.Output {
        let principal = try RequestScope.require(.admin)
        guard case .json(let json) = input.body else { throw APIProblem(.badRequest, "bad-request") }
        let movement = try await PaymentWorkflow(dependencies: dependencies).creditAccount(
            companyBIN: input.path.bin, amount: try APIMapping.tenge(json.amount, "/amount"), bankReference: json.bankReference, actor: principal.username)
        return .created(.init(body: .json(APIMapping.movement(movement))))
    }

    func recordBankTransfer(_ input: Operations.RecordBankTransfer.Input) async throws -> Operations.RecordBankTransfer.Output {
        let principal = try RequestScope.require(.admin)
        guard case .json(let json) = input.body else { throw APIProblem(.badRequest, "bad-request") }
        let receipt = try await PaymentWorkflow(dependencies: dependencies).recordBankTransfer(
            invoiceReference: json.invoiceReference, amount: try APIMapping.tenge(json.amount, "/amount"), bankReference: json.bankReference,
            actor: principal.username)
        return .ok(.init(body: .json(.init(invoicePaid: receipt != nil, receipt: receipt.map(APIMapping.receipt)))))
    }
}

extension APIMapping {
    /// An amount of tenge: decimal text with at most two decimals (whole tiyn).
    static func tenge(_ text: String, _ pointer: String) throws -> Tenge {
        guard let decimal = DecimalText.parse(text), let amount = Tenge(decimal) else {
            throw APIProblem.validation([ValidationProblem(pointer, expected: .decimal)])
        }
        return amount
    }

    static func receipt(_ receipt: Receipt) -> Components.Schemas.Receipt {
        .init(id: receipt.id, number: receipt.number, invoiceReference: receipt.invoiceReference, payerBIN: receipt.payerBIN,
              amount: receipt.amount.description, method: .init(rawValue: receipt.method.rawValue)!, issuedAt: receipt.issuedAt, issuedBy: receipt.issuedBy)
    }

    static func guarantee(_ guarantee: Guarantee) -> Components.Schemas.Guarantee {
        .init(id: guarantee.id, companyBIN: guarantee.companyBIN, kind: .init(rawValue: guarantee.kind.rawValue)!, number: guarantee.number,
              amount: guarantee.amount.description, reserved: guarantee.reserved.description, available: guarantee.available.description,
              validFrom: guarantee.validFrom.description, validTo: guarantee.validTo.description, declarationId: guarantee.declarationID)
    }

    static func movement(_ movement: AccountMovement) -> Components.Schemas.AccountMovement {
        .init(id: movement.id, kind: .init(rawValue: movement.kind.rawValue)!, amount: movement.amount.description,
              balanceAfter: movement.balanceAfter.description, invoiceId: movement.invoiceID, reference: movement.reference, at: movement.at,
              actor: movement.actor)
    }
}

extension APIHandler {
    func correctDeclaration(_ input: Operations.CorrectDeclaration.Input) async throws -> Operations.CorrectDeclaration.Output {
        guard case .json(let json) = input.body else { throw APIProblem(.badRequest, "bad-request") }
        let content: DeclarationContent
        do {
            content = try APIMapping.content(json.content)
        } catch let problem as APIProblem {
            throw APIProblem.validation(problem.fields.map { $0.prefixed("/content") })
        }
        let declaration = try await declarations.correct(id: input.path.id, content: content, reasons: json.reasons,
                                                         expectedVersion: try APIMapping.version(ifMatch: input.headers.ifMatch),
                                                         principal: try RequestScope.requirePrincipal())
        return .ok(.init(headers: .init(eTag: APIMapping.eTag(declaration)),
                         body: .json(APIMapping.declaration(declaration, language: language, localizer: dependencies.localizer))))
    }
}
