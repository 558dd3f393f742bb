import Foundation

/// The payments of a declaration: each item's customs value in tenge and its lines, the customs fee,
/// and the total the single invoice asks for.
public struct PaymentAssessment: Sendable, Equatable {
    public struct Item: Sendable, Equatable {
        public let number: Int
        /// Method 1: invoice value plus its share of the additions, in tenge, rounded to the tiyn.
        public let customsValue: Decimal
        public let lines: [PaymentLine]
    }

    public let day: CustomsDay
    public let items: [Item]
    public let fee: PaymentLine
    /// The rates used, by currency, for the invoice to show.
    public let rates: [ExchangeRate]

    public var lines: [PaymentLine] { [fee] + items.flatMap(\.lines) }
    public var customsValue: Decimal { items.reduce(0) { $0 + $1.customsValue } }
    public var total: Decimal { lines.reduce(0) { $0 + $1.amount } }

    /// The total per payment code, in code order, as graph 47 sums them.
    public var totalsByCode: [(code: String, amount: Decimal)] {
        Dictionary(grouping: lines, by: \.code).map { ($0.key, $0.value.reduce(0) { $0 + $1.amount }) }.sorted { $0.code < $1.code }
    }
}
