import Foundation

/// The published rates, looked up as customs does: the rate of a day is the last one published on or
/// before it (no rates are published at weekends and holidays). Tenge is always 1.
public struct ExchangeRateTable: Sendable {
    /// Per currency, oldest first.
    private let rates: [String: [ExchangeRate]]

    public init(_ rates: [ExchangeRate]) {
        self.rates = Dictionary(grouping: rates, by: \.currency).mapValues { $0.sorted { $0.day < $1.day } }
    }

    public func rate(of currency: String, on day: CustomsDay) -> ExchangeRate? {
        if currency == "KZT" { return ExchangeRate(currency: "KZT", day: day, price: 1, quant: 1) }
        guard let published = rates[currency] else { return nil }
        // Binary search for the last day not after `day`.
        var low = 0, high = published.count
        while low < high {
            let middle = (low + high) / 2
            if published[middle].day <= day { low = middle + 1 } else { high = middle }
        }
        return low == 0 ? nil : published[low - 1]
    }
}
