import Foundation
import KeruenCore
import KeruenReference
import Testing

@Suite struct RatesAndTariffFileTests {
    static let published = """
        <?xml version="1.0" encoding="utf-8"?>
        <rates>
          <generator>www.nationalbank.kz</generator>
          <title>Official exchange rates of National Bank of Republic Kazakhstan</title>
          <date>31.07.2026</date>
          <item><fullname>ДОЛЛАР США</fullname><title>USD</title><description>474.2</description>
                <quant>1</quant><index>UP</index><change>+0.51</change></item>
          <item><fullname>УЗБЕКСКИХ СУМОВ</fullname><title>UZS</title><description>3.96</description>
                <quant>100</quant><index></index><change>0.00</change></item>
        </rates>
        """

    @Test func theNationalBanksFileIsReadWithItsQuant() throws {
        let rates = try NationalBankRatesFile.parse(Data(Self.published.utf8)).get()
        #expect(rates.map(\.currency) == ["USD", "UZS"])
        #expect(rates.allSatisfy { $0.day == CustomsDay(year: 2026, month: 7, day: 31) })
        let sums = try #require(rates.last)
        #expect(sums.perUnit == Decimal(string: "0.0396"))  // not 3.96: that is the price of 100 sums
        // Saturday and Sunday take Friday's rate; the day before has none.
        let table = ExchangeRateTable(rates)
        #expect(table.rate(of: "USD", on: CustomsDay(year: 2026, month: 8, day: 2))?.price == Decimal(string: "474.2"))
        #expect(table.rate(of: "USD", on: CustomsDay(year: 2026, month: 7, day: 30)) == nil)
    }

    @Test(arguments: [
        ("<rates><date>31.07.2026</date><item><title>USD</title><description>474.2</description>", "not well-formed"),
        ("<rates><date>31.07.2026</date>\n<item><title>USD</title><description>1</description><quant>1</quant></item>\n<item><title>USD</title><description>2</description><quant>1</quant></item></rates>", "line 3: USD appears twice"),
        ("<rates><date>31.07.2026</date>\n\n<item><title>EUR</title><description>-5</description><quant>1</quant></item></rates>", "line 3: the rate of EUR (-5)"),
        ("<rates><date>31.07.2026</date><item><title>EUR</title><description>abc</description><quant>1</quant></item></rates>", "is not a positive number"),
        ("<rates><date>31.07.2026</date><item><title>UZS</title><description>3.96</description><quant>0</quant></item></rates>", "quant of UZS"),
        ("<rates><date>2026-07-31</date></rates>", "not DD.MM.YYYY"),
    ])
    func badRateFilesAreRefusedWhole(file: String, reason: String) {
        guard case .failure(let refusal) = NationalBankRatesFile.parse(Data(file.utf8)) else { Issue.record("accepted: \(file)"); return }
        #expect(refusal.description.contains(reason), "\(refusal)")
    }

    @Test func theIllustrativeTariffCoversTheDemoGoods() throws {
        let tariff = Tariff(try TariffFile.illustrative())
        let day = CustomsDay(year: 2026, month: 8, day: 3)
        for code in ["8471300000", "6403990000", "8517130000", "6110200000", "9403600000", "8516500000", "3926909709", "8708299009",
                     "6402990000", "8528720000", "0805100000", "0805290000"] {
            #expect(tariff.record(.duty, code: code, origin: "CN", on: day) != nil, "\(code)")
        }
        #expect(tariff.record(.vat, code: "8471300000", origin: "CN", on: day)?.rate == .adValorem(percent: 16))
        #expect(tariff.record(.vat, code: "8471300000", origin: "CN", on: CustomsDay(year: 2025, month: 12, day: 31))?.rate == .adValorem(percent: 12))
        #expect(tariff.record(.vat, code: "3004900000", origin: "IN", on: day)?.rate == .exempt)
        #expect(tariff.record(.preference, code: "8516500000", origin: "BY", on: day)?.percentOfDuty == 0)
    }

    @Test func aRecordsFieldsReadBackAsTheSameRecord() throws {
        for record in try TariffFile.illustrative() {
            #expect(try TariffRecord(fields: record.fields) == record)
        }
    }

    @Test func aTariffFileWithABadLineIsRefusedWholeNamingEachLine() {
        let header = TariffFile.columns.joined(separator: ",")
        let file = [header,
                    "D-1,duty,8516,2025-01-01,,,ad-valorem,5,,,,,,,",
                    "D-2,duty,851,2025-01-01,,,ad-valorem,5,,,,,,,",
                    "D-3,duty,6403,2025-01-01,,,combined,10,1.5,EUR,parsec,greater,,,",
                    "D-1,duty,8517,2025-01-01,,,ad-valorem,5,,,,,,,",
                    "V-1,vat,,2025-01-01,2024-01-01,,ad-valorem,16,,,,,,,"].joined(separator: "\n")
        guard case .failure(let refused) = TariffFile.parse(file) else { Issue.record("accepted"); return }
        let refusals = refused.refusals
        #expect(refusals.map(\.line) == [3, 4, 5, 6])
        #expect(refusals[0].reason.contains("4, 6, 8 or 10 digits"))
        #expect(refusals[1].reason.contains("unit"))
        #expect(refusals[2].reason.contains("duplicate id D-1"))
        #expect(refusals[3].reason.contains("valid_to is before valid_from"))
    }
}
