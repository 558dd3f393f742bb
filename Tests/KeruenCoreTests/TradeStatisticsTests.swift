import Foundation
import Testing
@testable import KeruenCore

struct TradeStatisticsTests {
    static let usd = ExchangeRate(currency: "USD", day: CustomsDay(year: 2026, month: 11, day: 2), price: DecimalText.parse("525.11")!, quant: 1)

    static func declaration(_ kind: DeclarationKind, values: [Decimal]) -> Declaration {
        let items = values.enumerated().map { index, value in
            GoodsItem(commodityCode: index == 0 ? "8471300000" : "6403990000", originCountry: index == 0 ? "CN" : "VN", netMass: DecimalText.parse("380.5")!,
                      supplementaryQuantity: 200, invoiceValue: value)
        }
        let content = DeclarationContent(kind: kind, procedure: kind == .import ? "40" : "10", officeCode: "55201010",
                                         declarant: Party(identificationNumber: "123456789021"), transport: Transport(mode: "30"), invoiceCurrency: "USD",
                                         dispatchCountry: "CN", destinationCountry: kind == .import ? "KZ" : "DE", items: items)
        var declaration = Declaration(id: "D1", version: 3, status: .released, content: content, createdBy: "x", createdAt: Date(), updatedAt: Date())
        // 2026-11-30 23:30 in Almaty is still November there (18:30 UTC).
        declaration.registeredAt = RFC3339DateTime.date("2026-11-30T18:30:00Z")
        declaration.registrationNumber = RegistrationNumber(officeCode: "55201010", day: CustomsDay(year: 2026, month: 11, day: 30), serial: 7)
        return declaration
    }

    /// An import is counted by its items' origins, an export by its destination; values exact in tiyn and cents.
    @Test func aReleasedDeclarationIsCountedByItsItems() throws {
        let values = [Tenge(tiyn: 5_041_056_000), Tenge(tiyn: 1_606_836_600)]  // 96,000 and 30,600 USD at 525.11
        let imports = try #require(TradeRecord.records(of: Self.declaration(.import, values: [96000, 30600]), customsValues: values, usd: Self.usd))
        #expect(imports.map(\.cell.partner) == ["CN", "VN"] && imports.allSatisfy { $0.cell.flow == .import && $0.cell.period.description == "2026-11" })
        #expect(imports.map(\.measures.valueUSDCents) == [9_600_000, 3_060_000])
        #expect(imports[0].measures.netMassKgText == "380.500" && imports[0].measures.supplementaryText == "200.000")
        #expect(imports[0].cell.office == "55201010" && imports[0].cell.procedure == "40" && imports[0].cell.declarant == "123456789021")
        let exports = try #require(TradeRecord.records(of: Self.declaration(.export, values: [1, 2]), customsValues: values, usd: Self.usd))
        #expect(exports.map(\.cell.partner) == ["DE", "DE"] && exports.allSatisfy { $0.cell.flow == .export })
        // 149.5 cents is 785.03945 tenge: a tiyn below it is 149 cents, a tiyn above 150.
        #expect(TradeRecord.cents(ofTiyn: 78_503, at: Self.usd) == 149 && TradeRecord.cents(ofTiyn: 78_504, at: Self.usd) == 150)
    }

    /// A correction moves its figures; counting the same records again changes nothing.
    @Test func aCorrectionChangesOnlyWhatItChanged() throws {
        let before = try #require(TradeRecord.records(of: Self.declaration(.import, values: [96000, 30600]),
                                                      customsValues: [Tenge(tiyn: 5_041_056_000), Tenge(tiyn: 1_606_836_600)], usd: Self.usd))
        #expect(TradeCell.changes(replacing: before, with: before).isEmpty)
        var after = before
        after[1].measures.valueTiyn = 1_050_220_000
        after[1].measures.valueUSDCents = 2_000_000
        let changes = TradeCell.changes(replacing: before, with: after)
        #expect(changes.count == 1 && changes[0].key.partner == "VN" && changes[0].measures.items == 0)
        #expect(changes[0].measures.valueUSDCents == -1_060_000 && changes[0].measures.valueKZTText == "-5566166.00")
        let withdrawn = TradeCell.changes(replacing: before, with: [])
        #expect(withdrawn.count == 2 && withdrawn.allSatisfy { $0.measures.items == -1 })
    }

    @Test func periodsArePublishedOnTheirDayOfTheNextMonth() {
        let november = TradePeriod("2026-11")!
        #expect(TradePeriod("2026-13") == nil && TradePeriod("26-11") == nil && TradePeriod("2026-1") == nil && TradePeriod("2026/11") == nil && TradePeriod("2026-1a") == nil && TradePeriod("2026-110") == nil && november.next.description == "2026-12" && TradePeriod("2027-01")!.previous.description == "2026-12")
        #expect(november.publication(onDay: 15) == RFC3339DateTime.date("2026-12-14T19:00:00Z"))
    }

    /// A line from fewer declarants than the threshold keeps its place, not its sums.
    @Test func confidentialLinesAreWithheld() {
        let figure = TradeFigure(dimensions: ["CN"], measures: .init(items: 4, valueTiyn: 100), declarants: 2)
        #expect(figure.confidential(threshold: 3).suppressed && figure.confidential(threshold: 3).measures == .init())
        #expect(figure.confidential(threshold: 2) == figure)
        let csv = TradeFigure.csv([figure.confidential(threshold: 3), TradeFigure(dimensions: ["Viet, Nam"], measures: .init(items: 1, valueTiyn: 5, valueUSDCents: 1), declarants: 5)],
                                  groupedBy: [.partner], showingDeclarants: false)
        #expect(csv == "partner,items,value_usd,value_kzt,net_mass_kg,supplementary_quantity\r\nCN,,confidential,confidential,confidential,confidential\r\n\"Viet, Nam\",1,0.01,0.05,0.000,0.000\r\n")
    }
}
