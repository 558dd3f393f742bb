import Foundation

/// Dates and times as the API and the devices write them: RFC 3339 text ("2026-11-30T10:00:00Z"; a fraction
/// of a second and an offset accepted), read and written with Foundation's `ISO8601FormatStyle`.
public enum RFC3339DateTime {
    private static let plain = Date.ISO8601FormatStyle()
    private static let fractional = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    public static func text(_ date: Date) -> String { plain.format(date) }

    public static func date(_ text: String) -> Date? {
        (try? plain.parse(text)) ?? (try? fractional.parse(text))
    }
}
