import Foundation

/// One payment of an invoice: what it is (the payment kind code), the item it is for, its base, the
/// rate, the amount in tenge rounded half-up to the tiyn, and why: the rule and the tariff records
/// that produced it.
public struct PaymentLine: Sendable, Equatable, Hashable, Codable {
    public let code: String
    /// 1-based item number; nil for the declaration's customs fee.
    public let item: Int?
    /// In tenge (customs value, VAT base); for a specific rate, the base is still the customs value and
    /// the quantity is in `quantity`.
    public let base: Tenge
    public let quantity: Decimal?
    /// The rate as the tariff record states it ("10 %", "1.5 EUR/715", …).
    public let rate: String
    public let amount: Tenge
    public let rule: Rule
    /// The tariff record that gave the rate.
    public let record: String
    /// The origin preference applied, and the percent of the duty it leaves due.
    public let preference: String?
    public let preferencePercent: Decimal?

    public var currency: String { "KZT" }

    public init(code: String, item: Int?, base: Tenge, quantity: Decimal? = nil, rate: String, amount: Tenge, rule: Rule, record: String,
                preference: String? = nil, preferencePercent: Decimal? = nil) {
        self.code = code
        self.item = item
        self.base = base
        self.quantity = quantity
        self.rate = rate
        self.amount = amount
        self.rule = rule
        self.record = record
        self.preference = preference
        self.preferencePercent = preferencePercent
    }

    /// The calculation rule a line follows; each has its words in the catalogs ("payment-rule.…").
    public enum Rule: String, Sendable, Codable, CaseIterable, Hashable {
        case adValorem = "ad-valorem"
        case specific
        case combinedGreaterAdValorem = "combined-greater-ad-valorem"
        case combinedGreaterSpecific = "combined-greater-specific"
        case combinedSum = "combined-sum"
        case exempt
        case preference
        case vat
        case fee
    }
}

extension Sequence<PaymentLine> {
    /// The total per payment code, in code order, as graph 47 of the declaration sums them.
    public var totalsByCode: [(code: String, amount: Tenge)] {
        Dictionary(grouping: self, by: \.code).map { ($0.key, $0.value.reduce(.zero) { $0 + $1.amount }) }.sorted { $0.code < $1.code }
    }
}
