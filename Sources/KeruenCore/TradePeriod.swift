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

    /// `YYYY-MM`; read byte by byte (a cube loads millions of cells, each with its month as text).
    public init?(_ text: String) {
        var number = 0, digits = 0, year = 0
        for (index, byte) in text.utf8.enumerated() {
            if index == 4 {
                guard byte == UInt8(ascii: "-") else { return nil }
                (year, number) = (number, 0)
                continue
            }
            guard index < 7, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
            number = number * 10 + Int(byte - UInt8(ascii: "0"))
            digits += 1
        }
        guard digits == 6 else { return nil }
        self.init(year: year, month: number)
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
