import Foundation

/// Computes the payments of an import declaration, exactly and without I/O: customs value by method 1
/// at the National Bank's rate of the registration day, then per item import duty (2010), excise and
/// VAT (5010) on customs value + duty + excise, and the customs fee (1010) once. Every amount is
/// rounded half-up to the tiyn per line; bases are the rounded amounts they add up.
///
/// All the problems that stop a calculation (a currency with no rate for the day, a commodity with no
/// tariff record, a quantity a specific rate needs) are reported together, each with its field.
public struct PaymentCalculator: Sendable {
    public let tariff: Tariff
    public let rates: ExchangeRateTable

    public init(tariff: Tariff, rates: ExchangeRateTable) {
        self.tariff = tariff
        self.rates = rates
    }

    public enum Outcome: Sendable, Equatable {
        case assessed(PaymentAssessment)
        case problems([ValidationProblem])
    }

    public func assess(_ content: DeclarationContent, additions: ValuationAdditions = ValuationAdditions(), on day: CustomsDay) -> Outcome {
        var problems: [ValidationProblem] = []
        var used: [String: ExchangeRate] = [:]
        func rate(_ currency: String?, _ pointer: String) -> ExchangeRate? {
            guard let currency else { problems.append(ValidationProblem(pointer, .required)); return nil }
            if let known = used[currency] { return known }
            if currency == "KZT" { return rates.rate(of: currency, on: day) }
            guard let found = rates.rate(of: currency, on: day) else {
                problems.append(ValidationProblem(pointer, .noExchangeRate, ["currency": currency, "date": day.description]))
                return nil
            }
            used[currency] = found
            return found
        }

        let invoiceRate = rate(content.invoiceCurrency, "/invoiceCurrency")
        let additionsTotal = additions.total
        let additionsRate = additionsTotal == 0 ? nil : rate(additions.currency ?? content.invoiceCurrency, "/additions/currency")
        let basis = additions.basis ?? .invoiceValue
        let basisTotal = content.items.reduce(Decimal(0)) { $0 + (Self.basis(of: $1, basis) ?? 0) }
        if additionsTotal != 0 && basisTotal <= 0 { problems.append(ValidationProblem("/additions/basis", .notPositive)) }

        var items: [PaymentAssessment.Item] = []
        items.reserveCapacity(content.items.count)
        for (index, item) in content.items.enumerated() {
            let pointer = "/items/\(index)"
            guard let invoiceValue = item.invoiceValue else { problems.append(ValidationProblem(pointer + "/invoiceValue", .required)); continue }
            guard let code = item.commodityCode else { problems.append(ValidationProblem(pointer + "/commodityCode", .required)); continue }
            guard let invoiceRate else { continue }
            var value = invoiceRate.tenge(invoiceValue)
            if let additionsRate, basisTotal > 0, let share = Self.basis(of: item, basis) {
                value += additionsRate.tenge(additionsTotal * share / basisTotal)
            }
            let customsValue = value.roundedHalfUp()
            let lines = itemLines(item, number: index + 1, code: code, customsValue: customsValue, day: day, pointer: pointer,
                                  rate: { rate($0, pointer + "/commodityCode") }, problems: &problems)
            items.append(PaymentAssessment.Item(number: index + 1, customsValue: customsValue, lines: lines))
        }

        var fee: PaymentLine?
        if let record = tariff.record(.fee, code: "", origin: nil, on: day) {
            if let amount = amount(of: record.rate, base: 0, quantity: { _ in 1 }, rate: { rate($0, "/officeCode") }) {
                fee = PaymentLine(code: record.paymentCode, item: nil, base: 1, rate: record.rate.text, amount: amount.value.roundedHalfUp(),
                                  rule: .fee, records: [record.id])
            }
        } else {
            problems.append(ValidationProblem("/officeCode", .noTariffRecord, ["kind": TariffRecord.Kind.fee.rawValue, "date": day.description]))
        }
        guard problems.isEmpty, let fee else { return .problems(problems) }
        return .assessed(PaymentAssessment(day: day, items: items, fee: fee, rates: used.values.sorted { $0.currency < $1.currency }))
    }

    private func itemLines(_ item: GoodsItem, number: Int, code: String, customsValue: Decimal, day: CustomsDay, pointer: String,
                           rate: (String) -> ExchangeRate?, problems: inout [ValidationProblem]) -> [PaymentLine] {
        let origin = item.originCountry
        func quantity(_ unit: TariffUnit) -> Decimal? {
            guard let quantity = unit.quantity(of: item) else {
                problems.append(ValidationProblem(pointer + (unit == .kilogram ? "/netMass" : "/supplementaryQuantity"), .quantityRequired, ["unit": unit.rawValue]))
                return nil
            }
            return quantity
        }
        var lines: [PaymentLine] = []
        guard let dutyRecord = tariff.record(.duty, code: code, origin: origin, on: day) else {
            problems.append(ValidationProblem(pointer + "/commodityCode", .noTariffRecord, ["kind": TariffRecord.Kind.duty.rawValue, "date": day.description]))
            return []
        }
        guard var duty = amount(of: dutyRecord.rate, base: customsValue, quantity: quantity, rate: rate) else { return [] }
        var dutyRecords = [dutyRecord.id]
        var dutyRate = dutyRecord.rate.text
        if duty.value > 0, let preference = tariff.record(.preference, code: code, origin: origin, on: day), let percent = preference.percentOfDuty {
            duty = (duty.value * percent / 100, .preference)
            dutyRecords.append(preference.id)
            dutyRate += " × \(DecimalText.format(percent)) %"
        }
        let dutyAmount = duty.value.roundedHalfUp()
        lines.append(PaymentLine(code: dutyRecord.paymentCode, item: number, base: customsValue, rate: dutyRate, amount: dutyAmount,
                                 rule: duty.rule, records: dutyRecords))

        var exciseAmount: Decimal = 0
        if let exciseRecord = tariff.record(.excise, code: code, origin: origin, on: day),
           let excise = amount(of: exciseRecord.rate, base: customsValue, quantity: quantity, rate: rate) {
            exciseAmount = excise.value.roundedHalfUp()
            lines.append(PaymentLine(code: exciseRecord.paymentCode, item: number, base: customsValue, rate: exciseRecord.rate.text,
                                     amount: exciseAmount, rule: excise.rule, records: [exciseRecord.id]))
        }

        guard let vatRecord = tariff.record(.vat, code: code, origin: origin, on: day) else {
            problems.append(ValidationProblem(pointer + "/commodityCode", .noTariffRecord, ["kind": TariffRecord.Kind.vat.rawValue, "date": day.description]))
            return lines
        }
        let vatBase = customsValue + dutyAmount + exciseAmount
        if let vat = amount(of: vatRecord.rate, base: vatBase, quantity: quantity, rate: rate) {
            lines.append(PaymentLine(code: vatRecord.paymentCode, item: number, base: vatBase, rate: vatRecord.rate.text,
                                     amount: vat.value.roundedHalfUp(), rule: vat.rule == .exempt ? .exempt : .vat, records: [vatRecord.id]))
        }
        return lines
    }

    /// A rate applied to a base (in tenge) or to a quantity, unrounded, with the rule that decided it.
    private func amount(of rate: DutyRate, base: Decimal, quantity: (TariffUnit) -> Decimal?,
                        rate exchange: (String) -> ExchangeRate?) -> (value: Decimal, rule: PaymentLine.Rule)? {
        func specific(_ specific: SpecificRate) -> Decimal? {
            guard let quantity = quantity(specific.unit), let exchangeRate = exchange(specific.currency) else { return nil }
            return exchangeRate.tenge(quantity * specific.amount)
        }
        switch rate {
        case .exempt:
            return (0, .exempt)
        case .adValorem(let percent):
            return (base * percent / 100, .adValorem)
        case .specific(let rate):
            return specific(rate).map { ($0, .specific) }
        case .combined(let percent, let rate, let rule):
            guard let bySpecific = specific(rate) else { return nil }
            let byValue = base * percent / 100
            switch rule {
            case .sum: return (byValue + bySpecific, .combinedSum)
            case .greater: return byValue >= bySpecific ? (byValue, .combinedGreaterAdValorem) : (bySpecific, .combinedGreaterSpecific)
            }
        }
    }

    private static func basis(of item: GoodsItem, _ basis: ValuationAdditions.Basis) -> Decimal? {
        switch basis {
        case .invoiceValue: item.invoiceValue
        case .grossMass: item.grossMass
        }
    }
}
