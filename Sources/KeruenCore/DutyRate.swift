import Foundation

/// A rate of duty, excise or VAT as a tariff states it.
public enum DutyRate: Sendable, Equatable, Hashable {
    case exempt
    /// Percent of the base (the customs value; for VAT, the VAT base).
    case adValorem(percent: Decimal)
    case specific(SpecificRate)
    /// Both computed; the greater is due, or their sum, as the rate says.
    case combined(percent: Decimal, specific: SpecificRate, rule: CombinationRule)

    public enum CombinationRule: String, Sendable, Codable, Hashable {
        case greater, sum
    }

    /// How the rate reads on an invoice line, e.g. "10 %", "0.5 EUR/166", "10 % but not less than 0.5 EUR/166".
    public var text: String {
        switch self {
        case .exempt: "0"
        case .adValorem(let percent): "\(DecimalText.format(percent)) %"
        case .specific(let specific): specific.text
        case .combined(let percent, let specific, .greater): "\(DecimalText.format(percent)) % | \(specific.text), max"
        case .combined(let percent, let specific, .sum): "\(DecimalText.format(percent)) % + \(specific.text)"
        }
    }
}

/// An amount of a currency per unit of goods: 0.5 EUR per kg, 2 USD per pair.
public struct SpecificRate: Sendable, Equatable, Hashable {
    public let amount: Decimal
    public let currency: String
    public let unit: TariffUnit

    public init(amount: Decimal, currency: String, unit: TariffUnit) {
        self.amount = amount
        self.currency = currency
        self.unit = unit
    }

    public var text: String { "\(DecimalText.format(amount)) \(currency)/\(unit.rawValue)" }
}
