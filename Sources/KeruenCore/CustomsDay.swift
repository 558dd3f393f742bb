import Foundation

/// A calendar day in Kazakhstan's time (UTC+5), the day a declaration is registered on.
/// Times are stored in UTC; days are counted in Almaty because that is the day printed on the number.
public struct CustomsDay: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    public static let timeZone = TimeZone(secondsFromGMT: 5 * 3600)!

    /// Made once: a calendar made per call was most of the cost of finding an instant's day.
    static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }()

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    public init(containing instant: Date) {
        let parts = Self.calendar.dateComponents([.year, .month, .day], from: instant)
        self.init(year: parts.year!, month: parts.month!, day: parts.day!)
    }

    /// `YYYY-MM-DD`.
    public init?(iso text: String) {
        let parts = text.split(separator: "-")
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
        self.init(validYear: y, month: m, day: d)
    }

    /// `DDMMYY` as in the declaration number (years 2000–2099).
    init?(compact text: String) {
        guard text.count == 6, text.allSatisfy(\.isASCIIDigit) else { return nil }
        let n = Array(text)
        guard let d = Int(String(n[0...1])), let m = Int(String(n[2...3])), let y = Int(String(n[4...5])) else { return nil }
        self.init(validYear: 2000 + y, month: m, day: d)
    }

    private init?(validYear y: Int, month m: Int, day d: Int) {
        guard let date = Self.calendar.date(from: DateComponents(year: y, month: m, day: d)),
              Self.calendar.dateComponents([.year, .month, .day], from: date) == DateComponents(year: y, month: m, day: d)
        else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// Midnight at the start of this day, Almaty time.
    public var start: Date {
        Self.calendar.date(from: DateComponents(year: year, month: month, day: day))!
    }

    /// Midnight at the start of the next day, Almaty time.
    public var end: Date { Self.calendar.date(byAdding: .day, value: 1, to: start)! }

    // Padded by hand: `String(format:)` costs microseconds, and every registration writes these several times.
    public var description: String { "\(Self.padded(year, 4))-\(Self.padded(month, 2))-\(Self.padded(day, 2))" }
    var compact: String { Self.padded(day, 2) + Self.padded(month, 2) + Self.padded(year % 100, 2) }

    private static func padded(_ number: Int, _ width: Int) -> String {
        let digits = String(number)
        return digits.count < width ? String(repeating: "0", count: width - digits.count) + digits : digits
    }

    public static func < (a: CustomsDay, b: CustomsDay) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }
}
