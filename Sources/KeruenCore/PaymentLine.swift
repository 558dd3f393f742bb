import Foundation

/// One payment of an invoice: what it is (the payment kind code), the item it is for, its base, the
/// rate, the amount in tenge rounded half-up to the tiyn, and why: the rule and the tariff records
/// that produced it.
public struct PaymentLine: Sendable, Equatable, Hashable {
    /// The payment code, the rate as the record states it and the record's id: made once per tariff record
    /// and shared by every line it produces, so that a line holds one reference instead of three texts.
    final class Source: Sendable, Hashable {
        let code: String
        let rate: String
        let record: String

        init(code: String, rate: String, record: String) {
            self.code = code
            self.rate = rate
            self.record = record
        }

        static func == (a: Source, b: Source) -> Bool { a === b || (a.code, a.rate, a.record) == (b.code, b.rate, b.record) }
        func hash(into hasher: inout Hasher) { hasher.combine(code); hasher.combine(rate); hasher.combine(record) }
    }

    let source: Source
    public var code: String { source.code }
    /// 1-based item number; nil for the declaration's customs fee.
    public let item: Int?
    /// In tenge (customs value, VAT base); for a specific rate, the base is still the customs value and
    /// the quantity is in `quantity`.
    public let base: Tenge
    public let quantity: Decimal?
    /// The rate as the tariff record states it ("10 %", "1.5 EUR/715", …).
    public var rate: String { source.rate }
    public let amount: Tenge
    public let rule: Rule
    /// The tariff record that gave the rate.
    public var record: String { source.record }
    /// The origin preference applied, and the percent of the duty it leaves due.
    public let preference: String?
    public let preferencePercent: Decimal?

    public var currency: String { "KZT" }

    public init(code: String, item: Int?, base: Tenge, quantity: Decimal? = nil, rate: String, amount: Tenge, rule: Rule, record: String,
                preference: String? = nil, preferencePercent: Decimal? = nil) {
        self.init(source: Source(code: code, rate: rate, record: record), item: item, base: base, quantity: quantity, amount: amount, rule: rule,
                  preference: preference, preferencePercent: preferencePercent)
    }

    init(source: Source, item: Int?, base: Tenge, quantity: Decimal? = nil, amount: Tenge, rule: Rule,
         preference: String? = nil, preferencePercent: Decimal? = nil) {
        self.source = source
        self.item = item
        self.base = base
        self.quantity = quantity
        self.amount = amount
        self.rule = rule
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

/// The same JSON as the stored fields would give: the invoice's audit digest is computed over it.
extension PaymentLine: Codable {
    enum CodingKeys: String, CodingKey {
        case code, item, base, quantity, rate, amount, rule, record, preference, preferencePercent
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(code: try container.decode(String.self, forKey: .code), item: try container.decodeIfPresent(Int.self, forKey: .item),
                  base: try container.decode(Tenge.self, forKey: .base), quantity: try container.decodeIfPresent(Decimal.self, forKey: .quantity),
                  rate: try container.decode(String.self, forKey: .rate), amount: try container.decode(Tenge.self, forKey: .amount),
                  rule: try container.decode(Rule.self, forKey: .rule), record: try container.decode(String.self, forKey: .record),
                  preference: try container.decodeIfPresent(String.self, forKey: .preference),
                  preferencePercent: try container.decodeIfPresent(Decimal.self, forKey: .preferencePercent))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(code, forKey: .code)
        try container.encodeIfPresent(item, forKey: .item)
        try container.encode(base, forKey: .base)
        try container.encodeIfPresent(quantity, forKey: .quantity)
        try container.encode(rate, forKey: .rate)
        try container.encode(amount, forKey: .amount)
        try container.encode(rule, forKey: .rule)
        try container.encode(record, forKey: .record)
        try container.encodeIfPresent(preference, forKey: .preference)
        try container.encodeIfPresent(preferencePercent, forKey: .preferencePercent)
    }
}

extension Sequence<PaymentLine> {
    /// The total per payment code, in code order, as graph 47 of the declaration sums them.
    public var totalsByCode: [(code: String, amount: Tenge)] {
        Dictionary(grouping: self, by: \.code).map { ($0.key, $0.value.reduce(.zero) { $0 + $1.amount }) }.sorted { $0.code < $1.code }
    }
}
