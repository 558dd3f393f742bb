import Foundation

/// A calendar month of foreign-trade statistics ("2026-11"), counted by the registration day in Almaty.
public struct TradePeriod: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int

    public init?(year: Int, month: Int) {
        guard (1900...2999).contains(year), (1...12).contains(month) else { return nil }
        self.year = year
        self.month = month
    }

    public init(containing instant: Date) {
        let day = CustomsDay(containing: instant)
        self.init(year: day.year, month: day.month)!
    }

    /// `YYYY-MM`.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard text.count == 7, parts.count == 2, parts[0].count == 4, parts[1].count == 2, let y = Int(parts[0]), let m = Int(parts[1]) else { return nil }
        self.init(year: y, month: m)
    }

    public var description: String { String(year) + "-" + (month < 10 ? "0" : "") + String(month) }

    /// The month after this one.
    public var next: TradePeriod { month == 12 ? TradePeriod(year: year + 1, month: 1)! : TradePeriod(year: year, month: month + 1)! }

    /// The month before this one.
    public var previous: TradePeriod { month == 1 ? TradePeriod(year: year - 1, month: 12)! : TradePeriod(year: year, month: month - 1)! }

    /// When the period's figures become public: at the start of `day` of the month after it, Almaty time.
    public func publication(onDay day: Int) -> Date {
        CustomsDay(year: next.year, month: next.month, day: day).start
    }

    public static func < (a: TradePeriod, b: TradePeriod) -> Bool { (a.year, a.month) < (b.year, b.month) }
}
