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

    @Test func theTreeIsWhatTheJSONEncodingSays() throws {
        for content in [DemoDeclarations.importFromChina(itemCount: 10), DeclarationContent(), DemoDeclarations.importFromChina(itemCount: 3, variant: 4)] {
            let viaText = try JSONDecoder().decode(CanonicalJSON.self, from: JSONEncoder().encode(content))
            #expect(try CanonicalJSON(encoding: content) == viaText)
        }
    }
}
