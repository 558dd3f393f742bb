import Foundation

/// The National Bank of Kazakhstan's official rate of a currency on a day: `price` tenge for `quant`
/// units (100 UZS cost 3.96 KZT). A rate per unit is always `price / quant`, never `price` alone.
public struct ExchangeRate: Sendable, Equatable, Hashable, Codable {
    public let currency: String
    public let day: CustomsDay
    public let price: Decimal
    public let quant: Int

    public init(currency: String, day: CustomsDay, price: Decimal, quant: Int) {
        self.currency = currency
        self.day = day
        self.price = price
        self.quant = quant
    }

    /// Tenge for one unit of the currency (for showing; the payment calculation divides by `quant` exactly).
    public var perUnit: Decimal { quant == 1 ? price : price / Decimal(quant) }
}
