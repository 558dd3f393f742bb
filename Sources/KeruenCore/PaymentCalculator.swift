import Foundation

/// Computes the payments of an import declaration, exactly and without I/O: customs value by method 1
/// at the National Bank's rate of the registration day, then per item import duty (2010), excise and
/// VAT (5010) on customs value + duty + excise, and the customs fee (1010) once. Every amount is
/// rounded half-up to the tiyn per line; bases are the rounded amounts they add up. The rules, with
/// worked examples, are in docs/payments.md.
///
/// All the problems that stop a calculation (a currency with no rate for the day, a commodity with no
/// tariff record, a quantity a specific rate needs, an absurd amount) are reported together, each at
/// its field, and then nothing is assessed.
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

    public func assess(_ content: DeclarationContent, on day: CustomsDay) -> Outcome {
        var run = Run(calculator: self, day: day)
        return run.assess(content, additions: content.additions ?? ValuationAdditions())
    }

    /// One calculation: the rates it has used and the problems it has found.
    private struct Run {
        let calculator: PaymentCalculator
        let day: CustomsDay
        var problems: [ValidationProblem] = []
        var used: [(rate: ExchangeRate, conversion: Conversion)] = []
        /// Items of a declaration often share a code and origin: their tariff look-up is made once.
        var matches: [MatchKey: Tariff.Match] = [:]

        /// The code's digits and the origin's letters as integers: hashing two integers costs a fraction of hashing two strings.
        struct MatchKey: Hashable {
            let code: UInt64
            let origin: UInt16

            init?(code: String, origin: String?) {
                var digits: UInt64 = 1  // a leading 1 keeps "0805" apart from "805"
                for byte in code.utf8 {
                    guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9"), digits < UInt64.max / 100 else { return nil }
                    digits = digits * 10 + UInt64(byte - UInt8(ascii: "0"))
                }
                var letters: UInt16 = 0
                for byte in origin?.utf8 ?? "".utf8 {
                    guard letters < 256 else { return nil }
                    letters = letters << 8 | UInt16(byte)
                }
                self.code = digits
                self.origin = letters
            }
        }

        init(calculator: PaymentCalculator, day: CustomsDay) {
            self.calculator = calculator
            self.day = day
        }

        mutating func assess(_ content: DeclarationContent, additions: ValuationAdditions) -> Outcome {
            let invoiceRate = rate(content.invoiceCurrency, "/invoiceCurrency")
            let additionsTotal = value(additions.total, "/additions") ?? Fraction(numerator: 0)
            let additionsRate = additionsTotal.isPositive ? rate(additions.currency ?? content.invoiceCurrency, "/additions/currency") : nil
            let basis = additions.basis ?? .invoiceValue
            var basisTotal = Fraction(numerator: 0)
            // Each item's basis as a fraction, read once for the total and once more for the item's share.
            var shares: [Fraction?] = []
            if additionsRate != nil {
                shares = content.items.map { Self.basis(of: $0, basis).flatMap(Fraction.init) }
                for (index, share) in shares.enumerated() {
                    guard let share, let sum = basisTotal + share else {
                        problems.append(ValidationProblem("/items/\(index)/" + (basis == .grossMass ? "grossMass" : "invoiceValue"), .required))
                        continue
                    }
                    basisTotal = sum
                }
                if !basisTotal.isPositive { problems.append(ValidationProblem("/additions/basis", .notPositive)) }
            }
            let additionsTenge = additionsRate.flatMap { $0.tenge(FixedPoint(additionsTotal)) }

            var customsValues: [Tenge] = []
            customsValues.reserveCapacity(content.items.count)
            var lines: [PaymentLine] = []
            lines.reserveCapacity(content.items.count * 3 + 1)
            if let fee = fee() { lines.append(fee) }
            // Items are borrowed from the buffer, not copied: a copy of an item retains and releases each of its texts.
            content.items.withUnsafeBufferPointer { items in
                for index in items.indices {
                    guard let invoiceValue = value(items[index].invoiceValue, "/items/\(index)/invoiceValue", required: true),
                          let code = items[index].commodityCode else {
                        if items[index].commodityCode == nil { problems.append(ValidationProblem("/items/\(index)/commodityCode", .required)) }
                        continue
                    }
                    guard let invoiceRate else { continue }
                    var tenge = invoiceRate.tenge(FixedPoint(invoiceValue))
                    // The item's share of the additions (already in tenge): additions × basis ÷ total basis.
                    if let additionsTenge, basisTotal.isPositive, let share = shares[index] {
                        tenge = tenge.flatMap { sum in additionsTenge.multiplied(by: share)?.divided(by: basisTotal).flatMap { sum + $0 } }
                    }
                    guard let customsValue = tenge?.roundedTiyn.map(Tenge.init(tiyn:)) else {
                        problems.append(ValidationProblem("/items/\(index)/invoiceValue", .outOfRange))
                        continue
                    }
                    customsValues.append(customsValue)
                    itemLines(items[index], index: index, code: code, customsValue: customsValue, into: &lines)
                }
            }
            guard problems.isEmpty else { return .problems(problems) }
            return .assessed(PaymentAssessment(day: day, customsValues: customsValues, lines: lines,
                                               rates: used.map(\.rate).sorted { $0.currency < $1.currency }))
        }

        private mutating func fee() -> PaymentLine? {
            guard let entry = calculator.tariff.match(code: "", origin: nil, on: day).fee else {
                problems.append(ValidationProblem("/officeCode", .noTariffRecord, ["tariff": TariffRecord.Kind.fee.rawValue, "date": day.description]))
                return nil
            }
            guard let amount = amount(of: entry, base: .zero, count: Fraction(numerator: 1), item: nil),
                  let tiyn = amount.value.roundedTiyn else { return nil }
            return PaymentLine(source: entry.source, item: nil, base: .zero, amount: Tenge(tiyn: tiyn), rule: .fee)
        }

        private mutating func itemLines(_ item: borrowing GoodsItem, index: Int, code: String, customsValue: Tenge, into lines: inout [PaymentLine]) {
            let key = MatchKey(code: code, origin: item.originCountry)
            let match: Tariff.Match
            if let key, let known = matches[key] {
                match = known
            } else {
                match = calculator.tariff.match(code: code, origin: item.originCountry, on: day)
                if let key { matches[key] = match }
            }
            let number = index + 1
            let base = FixedPoint.tiyn(customsValue.tiyn)
            let before = problems.count
            for kind in [TariffRecord.Kind.duty, .vat] where match[kind] == nil {
                problems.append(ValidationProblem("/items/\(index)/commodityCode", .noTariffRecord, ["tariff": kind.rawValue, "date": day.description]))
            }
            guard let dutyEntry = match.duty, let vatEntry = match.vat else { return }
            let dutyQuantity = dutyEntry.rate?.unit?.quantity(of: item)
            guard var duty = amount(of: dutyEntry, base: base, count: dutyQuantity.flatMap(Fraction.init), item: index) else { return }
            var preference: Tariff.Entry?
            if duty.value > .zero, let entry = match.preference, let percent = entry.percentOfDuty, let reduced = duty.value.percent(percent) {
                duty = (reduced, .preference)
                preference = entry
            }
            var excise: (entry: Tariff.Entry, quantity: Decimal?, value: FixedPoint, rule: PaymentLine.Rule)?
            if let entry = match.excise {
                let quantity = entry.rate?.unit?.quantity(of: item)
                if let value = amount(of: entry, base: base, count: quantity.flatMap(Fraction.init), item: index) { excise = (entry, quantity, value.value, value.rule) }
            }
            guard problems.count == before else { return }
            guard let dutyTiyn = duty.value.roundedTiyn, let exciseTiyn = (excise?.value ?? .zero).roundedTiyn else {
                problems.append(ValidationProblem("/items/\(index)/invoiceValue", .outOfRange))
                return
            }
            let dutyAmount = Tenge(tiyn: dutyTiyn), exciseAmount = Tenge(tiyn: exciseTiyn)
            lines.append(PaymentLine(source: dutyEntry.source, item: number, base: customsValue, quantity: dutyQuantity,
                                     amount: dutyAmount, rule: duty.rule, preference: preference?.record.id, preferencePercent: preference?.record.percentOfDuty))
            if let excise {
                lines.append(PaymentLine(source: excise.entry.source, item: number, base: customsValue, quantity: excise.quantity,
                                         amount: exciseAmount, rule: excise.rule))
            }
            let vatBase = customsValue + dutyAmount + exciseAmount
            guard let vat = amount(of: vatEntry, base: FixedPoint.tiyn(vatBase.tiyn), count: vatEntry.rate?.unit?.quantity(of: item).flatMap(Fraction.init), item: index),
                  let vatTiyn = vat.value.roundedTiyn else {
                if problems.count == before { problems.append(ValidationProblem("/items/\(index)/invoiceValue", .outOfRange)) }
                return
            }
            lines.append(PaymentLine(source: vatEntry.source, item: number, base: vatBase, amount: Tenge(tiyn: vatTiyn), rule: vat.rule == .exempt ? .exempt : .vat))
        }

        /// A rate applied to a base in tenge or to `count` of the rate's unit, unrounded, with the rule that decided
        /// it; a problem at item `item`'s field (the fee's: the office) when the count or a rate is missing.
        private mutating func amount(of entry: Tariff.Entry, base: FixedPoint, count: Fraction?,
                                     item: Int?) -> (value: FixedPoint, rule: PaymentLine.Rule)? {
            func specific(_ perUnit: Fraction, _ currency: String, _ unit: TariffUnit) -> FixedPoint? {
                guard let count else {
                    let field = unit == .kilogram ? "netMass" : "supplementaryQuantity"
                    problems.append(ValidationProblem("/items/\(item ?? 0)/\(field)", .quantityRequired, ["unit": unit.rawValue]))
                    return nil
                }
                guard let exchange = self.rate(currency, item.map { "/items/\($0)/commodityCode" } ?? "/officeCode") else { return nil }
                return FixedPoint(count).multiplied(by: perUnit).flatMap(exchange.tenge)
            }
            switch entry.rate {
            case nil:
                return nil
            case .exempt:
                return (.zero, .exempt)
            case .adValorem(let percent):
                return base.percent(percent).map { ($0, .adValorem) }
            case .specific(let amount, let currency, let unit):
                return specific(amount, currency, unit).map { ($0, .specific) }
            case .combined(let percent, let amount, let currency, let unit, let rule):
                guard let bySpecific = specific(amount, currency, unit), let byValue = base.percent(percent) else { return nil }
                switch rule {
                case .sum: return (byValue + bySpecific).map { ($0, .combinedSum) }
                case .greater: return byValue >= bySpecific ? (byValue, .combinedGreaterAdValorem) : (bySpecific, .combinedGreaterSpecific)
                }
            }
        }

        /// The rate of `currency` on the day, remembered for the rest of the run; a problem at `pointer` if none.
        private mutating func rate(_ currency: String?, _ pointer: @autoclosure () -> String) -> Conversion? {
            guard let currency else { problems.append(ValidationProblem(pointer(), .required)); return nil }
            if let known = used.first(where: { $0.rate.currency == currency }) { return known.conversion }
            guard let found = calculator.rates.rate(of: currency, on: day), let price = Fraction(found.price) else {
                problems.append(ValidationProblem(pointer(), .noExchangeRate, ["currency": currency, "date": day.description]))
                return nil
            }
            let conversion = Conversion(price: price, quant: Int128(found.quant))
            if currency != "KZT" { used.append((found, conversion)) }
            return conversion
        }

        /// A declared value as an exact fraction; a problem at `pointer` when missing (if required) or absurd.
        private mutating func value(_ decimal: Decimal?, _ pointer: @autoclosure () -> String, required: Bool = false) -> Fraction? {
            guard let decimal else {
                if required { problems.append(ValidationProblem(pointer(), .required)) }
                return nil
            }
            guard let value = Fraction(decimal) else { problems.append(ValidationProblem(pointer(), .outOfRange)); return nil }
            return value
        }

        private static func basis(of item: GoodsItem, _ basis: ValuationAdditions.Basis) -> Decimal? {
            switch basis {
            case .invoiceValue: item.invoiceValue
            case .grossMass: item.grossMass
            }
        }
    }

    /// Tenge for an amount of a currency: amount × price ÷ quant, in one exact step.
    private struct Conversion {
        let price: Fraction
        let quant: Int128

        func tenge(_ amount: FixedPoint) -> FixedPoint? { amount.multiplied(by: price, dividedBy: quant) }
    }
}
