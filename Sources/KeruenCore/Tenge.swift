import Foundation

/// An amount of tenge, kept as whole tiyn (1 KZT = 100 tiyn), as payments are stored and summed.
public struct Tenge: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let tiyn: Int64

    public init(tiyn: Int64) { self.tiyn = tiyn }

    public static let zero = Tenge(tiyn: 0)

    /// Nil unless `decimal` is a whole number of tiyn.
    public init?(_ decimal: Decimal) {
        guard let fixed = FixedPoint(decimal), let tiyn = fixed.roundedTiyn, FixedPoint.tiyn(tiyn) == fixed else { return nil }
        self.tiyn = tiyn
    }

    public static func + (a: Tenge, b: Tenge) -> Tenge { Tenge(tiyn: a.tiyn + b.tiyn) }
    public static func - (a: Tenge, b: Tenge) -> Tenge { Tenge(tiyn: a.tiyn - b.tiyn) }
    public static func < (a: Tenge, b: Tenge) -> Bool { a.tiyn < b.tiyn }

    public var decimal: Decimal { Decimal(sign: tiyn < 0 ? .minus : .plus, exponent: -2, significand: Decimal(tiyn.magnitude)) }

    /// "4438512.00": always two decimals, a point, no grouping (the API's and the files' form).
    public var description: String {
        let magnitude = tiyn.magnitude
        let cents = magnitude % 100
        return (tiyn < 0 ? "-" : "") + String(magnitude / 100) + (cents < 10 ? ".0" : ".") + String(cents)
    }

    /// Tiyn as a JSON number would lose nothing, but amounts travel as decimal text like every amount in the API.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let decimal = DecimalText.stored(text), let value = Tenge(decimal) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "Not an amount in tenge: \(text)"))
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
