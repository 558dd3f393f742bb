import Foundation

/// A JSON value and its canonical text by RFC 8785 (JSON Canonicalization Scheme): no whitespace,
/// object members sorted by the UTF-16 code units of their names, strings escaped only where JSON
/// must, numbers written as ECMAScript writes them. The same value always gives the same bytes, which
/// is what a signature over JSON needs.
public indirect enum CanonicalJSON: Sendable, Equatable, Decodable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([CanonicalJSON])
    case object([String: CanonicalJSON])

    /// Tries the kinds in the order they are most common in a declaration (strings, then objects), since
    /// each wrong guess costs a thrown error.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let string = try? container.decode(String.self) { self = .string(string) }
        else if let object = try? container.decode([String: CanonicalJSON].self) { self = .object(object) }
        else if let array = try? container.decode([CanonicalJSON].self) { self = .array(array) }
        else if let bool = try? container.decode(Bool.self) { self = .bool(bool) }
        else { self = .number(try container.decode(Double.self)) }
    }

    /// The canonical bytes of any Encodable: what its JSON encoding would say, written without the JSON text.
    public static func encoded(_ value: some Encodable) throws -> [UInt8] {
        try CanonicalJSONEncoder().encode(value)
    }

    /// The canonical UTF-8 bytes.
    public var bytes: [UInt8] {
        var out: [UInt8] = []
        write(into: &out)
        return out
    }

    func write(into out: inout [UInt8]) {
        switch self {
        case .null: out += Array("null".utf8)
        case .bool(let value): out += Array((value ? "true" : "false").utf8)
        case .number(let value): out += Array(Self.ecmaScriptText(value).utf8)
        case .string(let value): Self.writeString(value, into: &out)
        case .array(let values):
            out.append(UInt8(ascii: "["))
            for (index, value) in values.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                value.write(into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            let names = members.keys.sorted(by: Self.precedes)
            for (index, name) in names.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                Self.writeString(name, into: &out)
                out.append(UInt8(ascii: ":"))
                members[name]!.write(into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// RFC 8785 § 3.2.2.2: `"` and `\` escaped, the control characters with a short escape where JSON
    /// has one and `\u00XX` (lower-case hex) otherwise; everything else as it is, in UTF-8.
    /// Runs of bytes that need no escape are copied whole: most texts have no escape at all, and a byte
    /// at a time was the encoder's hottest loop.
    static func writeString(_ string: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var string = string
        string.withUTF8 { bytes in
            var plain = 0
            for index in bytes.indices where bytes[index] < 0x20 || bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "\\") {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[plain..<index]))
                escape(bytes[index], into: &out)
                plain = index + 1
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[plain...]))
        }
        out.append(UInt8(ascii: "\""))
    }

    private static func escape(_ byte: UInt8, into out: inout [UInt8]) {
        switch byte {
        case UInt8(ascii: "\""): out += [0x5C, 0x22]
        case UInt8(ascii: "\\"): out += [0x5C, 0x5C]
        case 0x08: out += [0x5C, UInt8(ascii: "b")]
        case 0x09: out += [0x5C, UInt8(ascii: "t")]
        case 0x0A: out += [0x5C, UInt8(ascii: "n")]
        case 0x0C: out += [0x5C, UInt8(ascii: "f")]
        case 0x0D: out += [0x5C, UInt8(ascii: "r")]
        default: out += Array("\\u00".utf8) + Array(Hex.encode([byte]).utf8)
        }
    }

    /// Member order: by UTF-16 code units. UTF-8 bytes sort the same except where a name holds a
    /// character at U+E000 or above (lead byte 0xEE or more), so the UTF-16 view, slow on Swift's
    /// UTF-8 strings, is read only then.
    static func precedes(_ a: String, _ b: String) -> Bool {
        if a.utf8.allSatisfy({ $0 < 0xEE }) && b.utf8.allSatisfy({ $0 < 0xEE }) {
            return a.utf8.lexicographicallyPrecedes(b.utf8)
        }
        return a.utf16.lexicographicallyPrecedes(b.utf16)
    }

    /// ECMAScript's Number.prototype.toString (RFC 8785 § 3.2.2.3): the shortest digits that read
    /// back as the same double (Swift's `description` finds them), placed as ECMAScript places them.
    static func ecmaScriptText(_ value: Double) -> String {
        if value == 0 { return "0" }
        if value < 0 { return "-" + ecmaScriptText(-value) }
        // Swift writes the shortest round-trip digits, as "d.ddde±x" or positional; take digits and exponent apart.
        let text = value.description
        let (mantissa, exponentText) = text.firstIndex(where: { $0 == "e" || $0 == "E" }).map {
            (String(text[..<$0]), String(text[text.index(after: $0)...]))
        } ?? (text, "0")
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        let integerPart = String(parts[0])
        let fractionPart = parts.count > 1 ? String(parts[1]) : ""
        var digits = integerPart + fractionPart
        // n: position of the decimal point relative to the digits, as in ECMA-262 § 6.1.6.1.20.
        var n = integerPart.count + Int(exponentText)!
        let leadingZeros = digits.prefix { $0 == "0" }.count
        digits.removeFirst(leadingZeros)
        n -= leadingZeros
        while digits.hasSuffix("0") { digits.removeLast() }
        let k = digits.count
        if k <= n && n <= 21 { return digits + String(repeating: "0", count: n - k) }
        if 0 < n && n <= 21 { return String(digits.prefix(n)) + "." + String(digits.dropFirst(n)) }
        if -6 < n && n <= 0 { return "0." + String(repeating: "0", count: -n) + digits }
        let exponent = n - 1
        let sign = exponent < 0 ? "-" : "+"
        let head = k == 1 ? digits : String(digits.prefix(1)) + "." + String(digits.dropFirst())
        return head + "e" + sign + String(abs(exponent))
    }
}
