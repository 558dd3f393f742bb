import Foundation

/// Exact decimal text for amounts and quantities.
///
/// Parsing refuses anything but plain digits with an optional point, so that "1e3", "0x10" or "12,5"
/// never turn into a number by accident. Formatting writes what `Decimal.description` writes (a point
/// whatever the locale), but without its cost: Foundation builds that text one `Character` at a time,
/// about 2.6 µs a value, and a 10-item declaration carries 40 of them in each answer and stored copy.
/// Values of up to 19 significant digits (their digits fit in 64 bits) take the fast path here.
public enum DecimalText {
    /// An amount as a person or a client writes it: at most 15 whole and 6 fraction digits.
    public static func parse(_ text: String) -> Decimal? {
        let trimmed = String(text.trimmingSpaces())
        let parts = trimmed.split(separator: ".", omittingEmptySubsequences: false)
        guard !trimmed.hasPrefix("-"), parts[0].count <= 15, parts.count == 1 || (1...6).contains(parts[1].count) else { return nil }
        return stored(trimmed)
    }

    /// Text that ``format`` wrote: an optional minus, digits, and optionally a point and digits.
    public static func stored(_ text: String) -> Decimal? {
        let unsigned = text.hasPrefix("-") ? text.utf8.dropFirst() : text.utf8[...]
        let parts = unsigned.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") } }) else {
            return nil
        }
        return Decimal(string: text)
    }

    public static func format(_ value: Decimal) -> String {
        guard let (significand, exponent) = smallParts(value) else { return value.description }
        if significand == 0 { return "0" }
        var digits = String(significand)
        if exponent > 0 {
            digits.append(String(repeating: "0", count: exponent))
        } else if exponent < 0 {
            let fraction = -exponent
            if fraction >= digits.utf8.count {
                digits = "0." + String(repeating: "0", count: fraction - digits.utf8.count) + digits
            } else {
                digits.insert(".", at: digits.utf8.index(digits.utf8.endIndex, offsetBy: -fraction))
            }
        }
        return value.sign == .minus ? "-" + digits : digits
    }

    /// The nearest `Double`, as `Double(format(value))` would give it.
    public static func double(_ value: Decimal) -> Double {
        // Both factors are exact below 2^53 and 10^22, so one division or product rounds correctly.
        if let (significand, exponent) = smallParts(value), significand < 1 << 53, (-22...22).contains(exponent) {
            let magnitude = exponent < 0 ? Double(significand) / powersOfTen[-exponent] : Double(significand) * powersOfTen[exponent]
            return value.sign == .minus ? -magnitude : magnitude
        }
        return Double(value.description) ?? 0
    }

    /// 10^0 … 10^22, each exact (5^22 < 2^53), built by multiplication.
    private static let powersOfTen: [Double] = (1...22).reduce(into: [1.0]) { powers, _ in powers.append(powers.last! * 10) }

    /// Significand and exponent when the significand fits in 64 bits.
    /// Significand, exponent and sign of a value whose digits fit in 64 bits, read without Foundation's arithmetic.
    static func parts(_ value: Decimal) -> (significand: UInt64, exponent: Int, negative: Bool)? {
        guard layoutIsKnown, !value.isNaN else { return nil }
        let parts = rawParts(value)
        return parts.fitsIn64Bits ? (parts.significand, parts.exponent, parts.negative) : nil
    }

    private static func smallParts(_ value: Decimal) -> (UInt64, Int)? {
        guard layoutIsKnown, !value.isNaN else { return nil }
        let parts = rawParts(value)
        return parts.fitsIn64Bits ? (parts.significand, parts.exponent) : nil
    }

    /// The fields of a `Decimal`, read from its bytes.
    ///
    /// Why the bytes: Linux Foundation keeps `Decimal`'s fields internal, and its public `significand`
    /// is another `Decimal`. The layout is NSDecimal's (exponent byte; length in the high nibble of the
    /// next, sign bit 3; then eight little-endian 16-bit words of mantissa), checked once against the
    /// public API (``layoutIsKnown``); if a Foundation ever lays it out otherwise, every value takes the slow path.
    private static func rawParts(_ value: Decimal) -> (significand: UInt64, exponent: Int, negative: Bool, fitsIn64Bits: Bool) {
        withUnsafeBytes(of: value) { bytes in
            (significand: (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[4 + $1]) << (8 * UInt64($1)) },
             exponent: Int(Int8(bitPattern: bytes[0])),
             negative: bytes[1] & 0x08 != 0,
             fitsIn64Bits: bytes[1] >> 4 <= 4 && bytes[12..<20].allSatisfy { $0 == 0 })
        }
    }

    private static let layoutIsKnown: Bool = {
        guard MemoryLayout<Decimal>.size == 20 else { return false }
        return ["-123.45", "65536.7", "18446744073709551615", "0.000001", "42"].allSatisfy { text in
            guard let value = Decimal(string: text) else { return false }
            let parts = rawParts(value)
            return String(parts.significand) == value.significand.description && parts.exponent == value.exponent
                && parts.negative == (value.sign == .minus)
        }
    }()
}
