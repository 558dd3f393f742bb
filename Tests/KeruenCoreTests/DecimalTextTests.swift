import Foundation
import KeruenCore
import Testing

@Suite struct DecimalTextTests {
    /// Amounts and quantities of every shape the validator lets through, and some it does not.
    static let samples: [String] = ["0", "1", "10", "0.5", "0.05", "0.000001", "12.5", "1234.56", "999999999999999.999999",
                                    "100000", "18446744073709551615", "18446744073709551616", "123456789012345678901234.5",
                                    "0.0000000000000000000001", "9007199254740993", "1.7976931348623157"]

    @Test func formatWritesWhatDecimalWrites() throws {
        var generator = SystemRandomNumberGenerator()
        var values = try Self.samples.flatMap { text -> [Decimal] in
            let value = try #require(Decimal(string: text))
            return [value, -value, value * 1000, value / 1000]
        }
        for _ in 0..<2000 {
            let significand = Decimal(UInt64.random(in: 0...UInt64.max, using: &generator) >> UInt64.random(in: 0...63, using: &generator))
            values.append(Decimal(sign: Bool.random(using: &generator) ? .minus : .plus, exponent: Int.random(in: -20...6, using: &generator),
                                  significand: significand))
        }
        for value in values {
            #expect(DecimalText.format(value) == value.description, "\(value)")
            #expect(DecimalText.double(value) == Double(value.description), "\(value)")
        }
    }

    @Test func parseTakesPlainDecimalsOnly() {
        #expect(DecimalText.parse(" 12.50 ") == Decimal(string: "12.5"))
        for text in ["1e3", "0x10", "12,5", "-1", ".5", "5.", "1.1234567", "1234567890123456", ""] {
            #expect(DecimalText.parse(text) == nil, "\(text)")
        }
    }

    @Test func storedContentKeepsEveryDigitAndReadsTheEarlierNumberForm() throws {
        let item = GoodsItem(commodityCode: "8471300000", grossMass: Decimal(string: "0.1"), netMass: Decimal(string: "999999999999999.999999"),
                             invoiceValue: Decimal(string: "1234.56"))
        let content = DeclarationContent(invoiceTotal: Decimal(string: "1234.56"), items: [item])
        let text = String(decoding: try JSONEncoder().encode(content), as: UTF8.self)
        #expect(text.contains(#""netMass":"999999999999999.999999""#))
        #expect(try JSONDecoder().decode(DeclarationContent.self, from: Data(text.utf8)) == content)
        let earlier = #"{"invoiceTotal":1234.56,"items":[{"commodityCode":"8471300000","grossMass":0.1,"invoiceValue":1234.56}]}"#
        let read = try JSONDecoder().decode(DeclarationContent.self, from: Data(earlier.utf8))
        #expect(read.invoiceTotal == Decimal(string: "1234.56"))
        #expect(read.items.first?.grossMass == Decimal(string: "0.1"))
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(GoodsItem.self, from: Data(#"{"netMass":"12kg"}"#.utf8)) }
    }
}
