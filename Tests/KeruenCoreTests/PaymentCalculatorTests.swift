import Foundation
import KeruenCore
import Testing

/// The worked examples of docs/payments.md, to the tiyn (the figures there were computed apart, with
/// Python's decimal module and ROUND_HALF_UP).
@Suite struct PaymentCalculatorTests {
    static let july31 = CustomsDay(year: 2026, month: 7, day: 31)
    static let rates = ExchangeRateTable([
        ExchangeRate(currency: "USD", day: july31, price: Decimal(string: "474.20")!, quant: 1),
        ExchangeRate(currency: "EUR", day: july31, price: Decimal(string: "512.35")!, quant: 1),
        ExchangeRate(currency: "UZS", day: july31, price: Decimal(string: "3.96")!, quant: 100),
        ExchangeRate(currency: "USD", day: CustomsDay(year: 2025, month: 12, day: 30), price: Decimal(string: "520.10")!, quant: 1),
    ])
    static let since2025 = CustomsDay(year: 2025, month: 1, day: 1)
    static let tariff = Tariff([
        TariffRecord(id: "D-6403", kind: .duty, commodityPrefix: "6403", validFrom: since2025,
                     rate: .combined(percent: 10, specific: SpecificRate(amount: Decimal(string: "1.5")!, currency: "EUR", unit: .pair), rule: .greater)),
        TariffRecord(id: "D-8516", kind: .duty, commodityPrefix: "8516", validFrom: since2025, rate: .adValorem(percent: 5)),
        TariffRecord(id: "D-2204", kind: .duty, commodityPrefix: "2204", validFrom: since2025, rate: .adValorem(percent: Decimal(string: "12.5")!)),
        TariffRecord(id: "E-2204", kind: .excise, commodityPrefix: "2204", validFrom: since2025,
                     rate: .specific(SpecificRate(amount: 300, currency: "KZT", unit: .litre))),
        TariffRecord(id: "V-12", kind: .vat, validFrom: since2025, validTo: CustomsDay(year: 2025, month: 12, day: 31), rate: .adValorem(percent: 12)),
        TariffRecord(id: "V-16", kind: .vat, validFrom: CustomsDay(year: 2026, month: 1, day: 1), rate: .adValorem(percent: 16)),
        TariffRecord(id: "F-1010", kind: .fee, validFrom: since2025, rate: .specific(SpecificRate(amount: 20000, currency: "KZT", unit: .declaration))),
        TariffRecord(id: "P-EAEU", kind: .preference, validFrom: since2025, origins: ["AM", "BY", "KG", "RU"], percentOfDuty: 0),
        TariffRecord(id: "P-DEV", kind: .preference, validFrom: since2025, origins: ["IN", "VN"], percentOfDuty: 75),
    ])
    let calculator = PaymentCalculator(tariff: Self.tariff, rates: Self.rates)

    static func item(_ code: String, _ origin: String, _ value: String, gross: String, net: String, quantity: String? = nil, unit: TariffUnit? = nil) -> GoodsItem {
        GoodsItem(commodityCode: code, originCountry: origin, grossMass: Decimal(string: gross), netMass: Decimal(string: net),
                  supplementaryQuantity: quantity.flatMap { Decimal(string: $0) }, supplementaryUnit: unit?.rawValue, invoiceValue: Decimal(string: value))
    }

    func assessed(_ outcome: PaymentCalculator.Outcome) throws -> PaymentAssessment {
        guard case .assessed(let assessment) = outcome else { Issue.record("not assessed: \(outcome)"); throw CancellationError() }
        return assessment
    }

    func amounts(_ result: PaymentAssessment, item: Int) -> [String] { result.lines(ofItem: item).map { "\($0.code) \($0.amount)" } }

    /// Example 1: a Saturday takes Friday's rates; additions spread by invoice value; footwear's combined
    /// duty is decided by its specific part; wine pays excise per litre and VAT on value + duty + excise.
    @Test func exampleOne() throws {
        var content = DeclarationContent(kind: .import, invoiceCurrency: "USD", items: [
            Self.item("6403990000", "CN", "8400.00", gross: "660", net: "540", quantity: "600", unit: .pair),
            Self.item("8516310000", "CN", "3600.00", gross: "410", net: "380", quantity: "1200", unit: .piece),
            Self.item("2204210000", "GE", "2000.00", gross: "1900", net: "1300", quantity: "1200", unit: .litre),
        ])
        content.additions = ValuationAdditions(transport: 1500, insurance: 100)
        let result = try assessed(calculator.assess(content, on: CustomsDay(year: 2026, month: 8, day: 1)))
        #expect(result.customsValues.map(\.description) == ["4438512.00", "1902219.43", "1056788.57"])
        #expect(amounts(result, item: 1) == ["2010 461115.00", "5010 783940.32"])
        #expect(result.lines(ofItem: 1)[0].rule == .combinedGreaterSpecific)
        #expect(result.lines(ofItem: 1)[0].quantity == 600)
        #expect(amounts(result, item: 2) == ["2010 95110.97", "5010 319572.86"])
        #expect(amounts(result, item: 3) == ["2010 132098.57", "5020 360000.00", "5010 247821.94"])
        #expect(result.lines(ofItem: 3)[2].base.description == "1548887.14")
        #expect(result.lines.first.map { "\($0.code) \($0.amount) \($0.item == nil)" } == "1010 20000.00 true")
        #expect(result.customsValue.description == "7397520.00")
        #expect(result.total.description == "2419659.66")
        #expect(result.rates.map(\.day) == [Self.july31, Self.july31])
    }

    /// Example 2: an invoice in sums (quant 100), transport in dollars by gross mass, an EAEU origin
    /// free of duty and a developing country's at 75 %.
    @Test func exampleTwo() throws {
        var content = DeclarationContent(kind: .import, invoiceCurrency: "UZS", items: [
            Self.item("8516310000", "BY", "50000000", gross: "800", net: "700"),
            Self.item("8516310000", "IN", "20000000", gross: "200", net: "150"),
        ])
        content.additions = ValuationAdditions(transport: 300, currency: "USD", basis: .grossMass)
        let result = try assessed(calculator.assess(content, on: CustomsDay(year: 2026, month: 8, day: 3)))
        #expect(result.customsValues.map(\.description) == ["2093808.00", "820452.00"])
        #expect(amounts(result, item: 1) == ["2010 0.00", "5010 335009.28"])
        let duty = result.lines(ofItem: 1)[0]
        #expect(duty.rule == .preference && duty.record == "D-8516" && duty.preference == "P-EAEU" && duty.preferencePercent == 0)
        #expect(amounts(result, item: 2) == ["2010 30766.95", "5010 136195.03"])
        #expect(result.total.description == "521971.26")
    }

    /// VAT is effective-dated: 12 % on the last day of 2025, 16 % from 2026.
    @Test func vatFollowsTheRegistrationDay() throws {
        let content = DeclarationContent(kind: .import, invoiceCurrency: "USD", items: [Self.item("8516310000", "CN", "1000.00", gross: "10", net: "9")])
        let old = try assessed(calculator.assess(content, on: CustomsDay(year: 2025, month: 12, day: 31)))
        #expect(amounts(old, item: 1) == ["2010 26005.00", "5010 65532.60"])
        #expect(old.lines(ofItem: 1)[1].record == "V-12")
    }

    @Test func theLongestCodeAndTheOriginsOwnRecordWin() {
        let day = CustomsDay(year: 2026, month: 3, day: 1)
        let tariff = Tariff([
            TariffRecord(id: "4", kind: .duty, commodityPrefix: "8516", validFrom: Self.since2025, rate: .adValorem(percent: 5)),
            TariffRecord(id: "6", kind: .duty, commodityPrefix: "851631", validFrom: Self.since2025, rate: .adValorem(percent: 7)),
            TariffRecord(id: "6-old", kind: .duty, commodityPrefix: "851632", validFrom: Self.since2025, validTo: CustomsDay(year: 2026, month: 2, day: 28),
                         rate: .adValorem(percent: 9)),
            TariffRecord(id: "6-CN", kind: .duty, commodityPrefix: "851631", validFrom: Self.since2025, origins: ["CN"], rate: .adValorem(percent: 8)),
        ])
        #expect(tariff.record(.duty, code: "8516310000", origin: "TR", on: day)?.id == "6")
        #expect(tariff.record(.duty, code: "8516310000", origin: "CN", on: day)?.id == "6-CN")
        #expect(tariff.record(.duty, code: "8516320000", origin: "CN", on: day)?.id == "4")  // the 6-digit record has expired
        #expect(tariff.record(.duty, code: "8517000000", origin: "CN", on: day) == nil)
    }

    /// What stops a calculation is reported together, each at its field, and nothing is assessed.
    @Test func missingRatesTariffsAndQuantitiesAreProblemsNotAmounts() {
        let content = DeclarationContent(kind: .import, invoiceCurrency: "GBP", items: [
            Self.item("9999990000", "CN", "10", gross: "1", net: "1"),
            Self.item("6403990000", "CN", "10", gross: "1", net: "1"),
        ])
        guard case .problems(let problems) = calculator.assess(content, on: CustomsDay(year: 2026, month: 8, day: 3)) else {
            Issue.record("assessed without a rate"); return
        }
        #expect(problems.map(\.pointer) == ["/invoiceCurrency"])
        #expect(problems.first?.code == .noExchangeRate)

        var dollars = content
        dollars.invoiceCurrency = "USD"
        guard case .problems(let second) = calculator.assess(dollars, on: CustomsDay(year: 2026, month: 8, day: 3)) else { return }
        #expect(second.map(\.pointer) == ["/items/0/commodityCode", "/items/1/supplementaryQuantity"])
        #expect(second.map(\.code) == [.noTariffRecord, .quantityRequired])
        // Before the first published rate there is no rate at all.
        guard case .problems(let early) = calculator.assess(dollars, on: CustomsDay(year: 2025, month: 12, day: 1)) else { return }
        #expect(early.first?.code == .noExchangeRate)
    }

    /// Half a tiyn rounds away from zero; a hair less does not. (100 % ad valorem on a value with
    /// fractions of a tiyn is the plainest way to round one exact amount.)
    @Test(arguments: [("0.005", "0.01"), ("0.0049999", "0.00"), ("2.675", "2.68"), ("1234567.994999999999", "1234567.99")])
    func halfATiynRoundsUp(value: String, rounded: String) throws {
        let tariff = Tariff([
            TariffRecord(id: "D", kind: .duty, commodityPrefix: "8516", validFrom: Self.since2025, rate: .adValorem(percent: 100)),
            TariffRecord(id: "V", kind: .vat, validFrom: Self.since2025, rate: .exempt),
            TariffRecord(id: "F", kind: .fee, validFrom: Self.since2025, rate: .specific(SpecificRate(amount: 0, currency: "KZT", unit: .declaration))),
        ])
        let content = DeclarationContent(kind: .import, invoiceCurrency: "KZT", items: [Self.item("8516310000", "CN", value, gross: "1", net: "1")])
        let result = try assessed(PaymentCalculator(tariff: tariff, rates: Self.rates).assess(content, on: Self.july31))
        #expect(result.customsValues.first?.description == rounded)
    }

    /// Whole tiyn read exactly over the whole range of amounts: 2,000 random ones through the 128-bit
    /// fixed point and its rounding.
    @Test func amountsInTiynReadBackExactly() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let tiyn = Int64.random(in: 0...999_999_999_999_999_99, using: &generator)
            let text = "\(tiyn / 100).\(tiyn % 100 < 10 ? "0" : "")\(tiyn % 100)"
            #expect(Tenge(Decimal(string: text)!)?.tiyn == tiyn, "\(text)")
        }
        #expect(Tenge(Decimal(string: "12.345")!) == nil)  // not a whole number of tiyn
    }

    @Test func absurdAmountsAreRefusedNotWrapped() {
        let content = DeclarationContent(kind: .import, invoiceCurrency: "USD",
                                         items: [Self.item("8516310000", "CN", "999999999999999999999999.5", gross: "1", net: "1")])
        guard case .problems(let problems) = calculator.assess(content, on: Self.july31) else { Issue.record("assessed"); return }
        #expect(problems == [ValidationProblem("/items/0/invoiceValue", .outOfRange)])
    }
}
