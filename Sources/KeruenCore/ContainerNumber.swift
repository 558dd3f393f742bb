/// An ISO 6346 freight container number: owner code (3 letters), category (U, J or Z), six digits and a
/// check digit computed from the other ten characters — a typo in a container number is caught at filing.
public enum ContainerNumber {
    /// The number in its stored form (upper case, no spaces), or nil if it is not well formed or its check digit is wrong.
    public static func normalized(_ text: String) -> String? {
        let compact = Array(text.uppercased().utf8.filter { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "-") })
        guard compact.count == 11, compact[..<3].allSatisfy({ (65...90).contains($0) }), [UInt8(ascii: "U"), UInt8(ascii: "J"), UInt8(ascii: "Z")].contains(compact[3]),
              compact[4...].allSatisfy({ (48...57).contains($0) }) else { return nil }
        var sum = 0
        for (position, byte) in compact[..<10].enumerated() {
            sum += value(of: byte) << position
        }
        guard sum % 11 % 10 == Int(compact[10] - 48) else { return nil }
        return String(decoding: compact, as: UTF8.self)
    }

    /// Letters count from 10, skipping multiples of 11 (A=10, B=12 … K=21, L=23 …); digits count as themselves.
    private static func value(of byte: UInt8) -> Int {
        guard byte >= 65 else { return Int(byte - 48) }
        var value = 10
        for _ in 65..<byte {
            value += 1
            if value % 11 == 0 { value += 1 }
        }
        return value
    }
}
