import Foundation

/// The payments of a declaration: each item's customs value in tenge, every payment line (the fee
/// first, then item by item), and the total the single invoice asks for.
public struct PaymentAssessment: Sendable, Equatable {
    public let day: CustomsDay
    /// Method 1 customs value per item, in item order.
    public let customsValues: [Tenge]
    public let lines: [PaymentLine]
    /// The rates used, by currency, for the invoice to show.
    public let rates: [ExchangeRate]

    public var customsValue: Tenge { customsValues.reduce(.zero, +) }
    public var total: Tenge { lines.reduce(.zero) { $0 + $1.amount } }

    public func lines(ofItem number: Int) -> [PaymentLine] { lines.filter { $0.item == number } }
}
