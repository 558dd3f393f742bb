import Foundation
import KeruenCore
import KeruenServer
import Testing

/// RFC 8785 canonical JSON, checked against the RFC's own examples.
@Suite struct CanonicalJSONTests {
    /// RFC 8785 Appendix B: IEEE 754 doubles and their ECMAScript text.
    @Test(arguments: [
        (0.0, "0"), (-0.0, "0"), (5e-324, "5e-324"), (1.7976931348623157e308, "1.7976931348623157e+308"),
        (9007199254740992, "9007199254740992"), (9007199254740994, "9007199254740994"), (295147905179352830000, "295147905179352830000"),
        (1e21, "1e+21"), (1e-7, "1e-7"), (0.000001, "0.000001"), (333333333.3333333, "333333333.3333333"),
        (1e23, "1e+23"), (-1.5, "-1.5"), (100, "100"),
    ])
    func numbersAreWrittenAsECMAScriptWritesThem(value: Double, text: String) {
        #expect(String(decoding: CanonicalJSON.number(value).bytes, as: UTF8.self) == text)
    }

    @Test func membersAreSortedByUTF16AndStringsEscapedMinimally() throws {
        // RFC 8785 § 3.2.3's sorting example: keys compared by UTF-16 code units.
        let value = try JSONDecoder().decode(CanonicalJSON.self, from: Data(#"""
            {"\u20ac": "Euro Sign", "\r": "Carriage Return", "\ufb33": "Hebrew Letter Dalet With Dagesh", "1": "One",
             "\ud83d\ude00": "Emoji: Grinning Face", "\u0080": "Control", "\u00f6": "Latin Small Letter O With Diaeresis"}
            """#.utf8))
        let expected = "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u{80}\":\"Control\",\"ö\":\"Latin Small Letter O With Diaeresis\","
            + "\"€\":\"Euro Sign\",\"😀\":\"Emoji: Grinning Face\",\"דּ\":\"Hebrew Letter Dalet With Dagesh\"}"
        #expect(String(decoding: value.bytes, as: UTF8.self) == expected)
        let escaped = CanonicalJSON.array([.string("a\"b\\c\u{1}\t/é"), .bool(true), .null]).bytes
        #expect(String(decoding: escaped, as: UTF8.self) == #"["a\"b\\c\u0001\t/é",true,null]"#)
    }

    @Test func theSigningPayloadChangesWithTheVersionAndNotWithKeyOrder() throws {
        let content = DeclarationContent(kind: .import, officeCode: "55201010", invoiceTotal: Decimal(string: "12500.50"))
        let first = try SigningPayload(declarationID: "x", version: 1, content: content).bytes
        #expect(first == (try SigningPayload(declarationID: "x", version: 1, content: content).bytes))
        #expect(first != (try SigningPayload(declarationID: "x", version: 2, content: content).bytes))
        #expect(String(decoding: first, as: UTF8.self)
                == #"{"content":{"invoiceTotal":"12500.5","items":[],"kind":"IM","officeCode":"55201010"},"declarationId":"x","purpose":"keruen.declaration.submit","version":1}"#)
    }

    @Test func theDirectEncodingIsWhatTheJSONEncodingSays() throws {
        for content in [DemoDeclarations.importFromChina(itemCount: 10), DeclarationContent(), DemoDeclarations.importFromChina(itemCount: 3, variant: 4)] {
            let viaText = try JSONDecoder().decode(CanonicalJSON.self, from: JSONEncoder().encode(content))
            #expect(try CanonicalJSON.encoded(content) == viaText.bytes)
        }
    }

    @Test func theDirectEncodingSortsByUTF16AndKeepsARepeatedNamesLastValue() throws {
        // RFC 8785 § 3.2.3's names: UTF-16 order puts the emoji (a surrogate pair) before U+FB33.
        let names = ["\u{20ac}": 1, "\r": 2, "\u{fb33}": 3, "1": 4, "\u{1f600}": 5, "\u{80}": 6, "\u{f6}": 7]
        #expect(String(decoding: try CanonicalJSON.encoded(names), as: UTF8.self)
                == "{\"\\r\":2,\"1\":4,\"\u{80}\":6,\"\u{f6}\":7,\"\u{20ac}\":1,\"\u{1f600}\":5,\"\u{fb33}\":3}")
        #expect(String(decoding: try CanonicalJSON.encoded(Twice()), as: UTF8.self) == #"{"a":2,"b":1}"#)
        // Integers as ECMAScript writes the double: 2^60 + 1 is past 2^53, becomes 2^60, and JavaScript prints 2**60 so.
        #expect(String(decoding: try CanonicalJSON.encoded([(Int64(1) << 60) + 1, 3, -7]), as: UTF8.self) == "[1152921504606847000,3,-7]")
    }

    @Test func theSplicedPayloadIsTheCanonicalObject() throws {
        let content = DemoDeclarations.importFromChina(itemCount: 2)
        let tree = try JSONDecoder().decode(CanonicalJSON.self, from: JSONEncoder().encode(content))
        let whole = CanonicalJSON.object(["purpose": .string(SigningPayload.purpose), "declarationId": .string("01J\"x"),
                                          "version": .number(7), "content": tree])
        #expect(try SigningPayload(declarationID: "01J\"x", version: 7, content: content).bytes == whole.bytes)
    }
}

/// Encodes "b" once and "a" twice, as a hand-written `encode(to:)` might.
private struct Twice: Encodable {
    enum Key: String, CodingKey { case a, b }
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(1, forKey: .a)
        try c.encode(1, forKey: .b)
        try c.encode(2, forKey: .a)
    }
}
