import Foundation

/// An exact decimal with 18 fraction digits in a 128-bit integer: the arithmetic of the payment
/// calculation.
///
/// Why not Foundation's `Decimal`: on Linux one multiplication costs about 0.5 µs, a division 5 µs and a
/// rounding 1.3 µs, and a goods item needs a dozen of them; the calculation must do a million items a
/// second. Sums and products of declared values are exact here; a quotient (a share of the additions,
/// a rate per unit of a quant) is carried to 10⁻¹⁸ and only then rounded to the tiyn, so an amount can
/// differ from the exact rational value only when that lies within 10⁻¹⁸ tenge of a half tiyn.
/// Operations report overflow (absurd amounts) instead of trapping.
struct FixedPoint: Sendable, Equatable, Comparable, Hashable {
    var raw: Int128

    static let scale: Int128 = 1_000_000_000_000_000_000
    static let zero = FixedPoint(raw: 0)

    init(raw: Int128) { self.raw = raw }

    /// Nil when the value has more than 18 fraction digits or is too large.
    init?(_ decimal: Decimal) {
        guard let fraction = Fraction(decimal) else { return nil }
        self.init(fraction)
    }

    init(_ fraction: Fraction) { raw = fraction.numerator * (Self.scale / fraction.denominator) }

    static func < (a: FixedPoint, b: FixedPoint) -> Bool { a.raw < b.raw }

    static func + (a: FixedPoint, b: FixedPoint) -> FixedPoint? {
        let (sum, overflow) = a.raw.addingReportingOverflow(b.raw)
        return overflow ? nil : FixedPoint(raw: sum)
    }

    /// `self × factor ÷ divisor`, truncated to 10⁻¹⁸. A declared number's fraction has small terms, so the
    /// product mostly fits in 128 bits; when it does not, a 256-bit product is divided, so nothing is lost.
    func multiplied(by factor: Fraction, dividedBy divisor: Int128 = 1) -> FixedPoint? {
        Self.mulDiv(raw, factor.numerator, factor.denominator * divisor)
    }

    /// `self ÷ fraction`.
    func divided(by fraction: Fraction) -> FixedPoint? { Self.mulDiv(raw, fraction.denominator, fraction.numerator) }

    /// `self × percent ÷ 100`.
    func percent(_ percent: Fraction) -> FixedPoint? { multiplied(by: percent, dividedBy: 100) }

    /// Half-up (a half away from zero) to the tiyn, in tiyn.
    var roundedTiyn: Int64? {
        let unit = Self.scale / 100
        let (quotient, remainder) = raw.quotientAndRemainder(dividingBy: unit)
        let rounded = remainder.magnitude * 2 >= unit.magnitude ? quotient + (raw < 0 ? -1 : 1) : quotient
        return Int64(exactly: rounded)
    }

    static func tiyn(_ tiyn: Int64) -> FixedPoint { FixedPoint(raw: Int128(tiyn) * (scale / 100)) }

    private static func mulDiv(_ a: Int128, _ b: Int128, _ c: Int128) -> FixedPoint? {
        guard c != 0 else { return nil }
        let (product, overflow) = a.multipliedReportingOverflow(by: b)
        if !overflow { return FixedPoint(raw: product / c) }
        let wide = a.multipliedFullWidth(by: b)
        // The quotient fits in 128 bits only if the high half is smaller than the divisor.
        guard wide.high.magnitude < c.magnitude / 2 else { return nil }
        return FixedPoint(raw: c.dividingFullWidth(wide).quotient)
    }

    static let powers: [Int128] = (0...18).map { exponent in (0..<exponent).reduce(Int128(1)) { product, _ in product * 10 } }

    /// Plain decimal text ("-123.45"), for values whose digits do not fit in 64 bits.
    init?(parsing text: String) {
        guard let raw = Self.parse(text) else { return nil }
        self.raw = raw
    }

    private static func parse(_ text: String) -> Int128? {
        let negative = text.hasPrefix("-")
        let parts = (negative ? text.dropFirst() : text[...]).split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let whole = Int128(parts[0]) else { return nil }
        let fraction = parts.count == 2 ? String(parts[1]) : ""
        guard fraction.count <= 18, fraction.allSatisfy(\.isASCIIDigit) else { return nil }
        let fractionValue = (Int128(fraction + String(repeating: "0", count: 18 - fraction.count)) ?? 0)
        let (scaled, overflow) = whole.multipliedReportingOverflow(by: scale)
        guard !overflow else { return nil }
        return negative ? -(scaled + fractionValue) : scaled + fractionValue
    }
}

/// A declared decimal exactly as written: numerator over a power of ten (474.20 is 4742/10). Multiplying
/// by its small terms, rather than by an 18-digit fixed point, keeps products within 128 bits.
struct Fraction: Sendable, Equatable, Hashable {
    let numerator: Int128
    /// 10^k, k ≤ 18.
    let denominator: Int128

    init(numerator: Int128, denominator: Int128 = 1) {
        self.numerator = numerator
        self.denominator = denominator
    }

    init?(_ decimal: Decimal) {
        if let (significand, exponent, negative) = DecimalText.parts(decimal) {
            guard exponent >= -18, exponent <= 18 else { return nil }
            let magnitude = exponent > 0 ? Int128(significand) * FixedPoint.powers[exponent] : Int128(significand)
            numerator = negative ? -magnitude : magnitude
            denominator = exponent < 0 ? FixedPoint.powers[-exponent] : 1
        } else {
            guard let fixed = FixedPoint(parsing: decimal.description) else { return nil }
            numerator = fixed.raw
            denominator = FixedPoint.scale
        }
    }

    /// The exact sum, over the larger denominator; nil on overflow.
    static func + (a: Fraction, b: Fraction) -> Fraction? {
        let denominator = max(a.denominator, b.denominator)
        let (left, leftOverflow) = a.numerator.multipliedReportingOverflow(by: denominator / a.denominator)
        let (right, rightOverflow) = b.numerator.multipliedReportingOverflow(by: denominator / b.denominator)
        let (sum, sumOverflow) = left.addingReportingOverflow(right)
        return leftOverflow || rightOverflow || sumOverflow ? nil : Fraction(numerator: sum, denominator: denominator)
    }

    var isPositive: Bool { numerator > 0 }
}
