import Foundation

/// UUID version 7 (RFC 9562): 48 bits of Unix milliseconds, then random bits. Ids sort by creation time,
/// so lists page by id on both databases without a sequence.
public enum TimeOrderedID {
    public static func make(at instant: Date = Date()) -> String {
        var generator = SystemRandomNumberGenerator()
        return make(at: instant, using: &generator)
    }

    public static func make(at instant: Date, using random: inout some RandomNumberGenerator) -> String {
        let millis = UInt64(max(0, instant.timeIntervalSince1970 * 1000))
        var bytes = [UInt8](repeating: 0, count: 16)
        for i in 0..<6 { bytes[i] = UInt8(truncatingIfNeeded: millis >> (8 * (5 - UInt64(i)))) }
        for i in 6..<16 { bytes[i] = UInt8.random(in: 0...255, using: &random) }
        bytes[6] = (bytes[6] & 0x0F) | 0x70
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        let hex = Array(Hex.encode(bytes))
        return [hex[0..<8], hex[8..<12], hex[12..<16], hex[16..<20], hex[20..<32]].map { String($0) }.joined(separator: "-")
    }

    public static func isValid(_ text: String) -> Bool {
        UUID(uuidString: text) != nil && text == text.lowercased()
    }
}
