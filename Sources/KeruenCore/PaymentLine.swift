import Foundation

/// One payment of an invoice: what it is (the payment kind code), the item it is for, its base, the
/// rate, the amount in tenge rounded half-up to the tiyn, and why: the rule and the tariff records
/// that produced it.
public struct PaymentLine: Sendable, Equatable, Hashable, Codable {
    public let code: String
    /// 1-based item number; nil for the declaration's customs fee.
    public let item: Int?
    public let base: Decimal
    public let rate: String
    public let amount: Decimal
    public let currency: String
    public let rule: Rule
    public let records: [String]

    public init(code: String, item: Int?, base: Decimal, rate: String, amount: Decimal, rule: Rule, records: [String]) {
        self.code = code
        self.item = item
        self.base = base
        self.rate = rate
        self.amount = amount
        self.currency = "KZT"
        self.rule = rule
        self.records = records
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
