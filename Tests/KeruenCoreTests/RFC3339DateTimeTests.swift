import Foundation
import Testing
@testable import KeruenCore

struct RFC3339DateTimeTests {
    /// The fast reading of "…Z" times gives what Foundation's format style gives (to the microsecond times are kept in), and refuses what it refuses.
    @Test func utcTimesReadByHandAgreeWithTheFormatStyle() throws {
        let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        var generator = SeededRandomNumberGenerator(seed: 7)
        for _ in 0..<2000 {
            let date = Date(timeIntervalSince1970: Double(Int64.random(in: -2_000_000_000_000...4_000_000_000_000, using: &generator)) / 1000)
            let text = style.format(date)
            #expect(abs(try #require(RFC3339DateTime.utc(text)).timeIntervalSince(try style.parse(text))) < 1e-6, "\(text)")
            let plain = String(text.prefix(19)) + "Z"
            #expect(RFC3339DateTime.utc(plain) == (try Date.ISO8601FormatStyle().parse(plain)), "\(plain)")
        }
        for text in ["2024-02-29T23:59:59Z", "2000-02-29T00:00:00.500Z"] { #expect(RFC3339DateTime.utc(text) != nil, "\(text)") }
        for text in ["2023-02-29T10:00:00Z", "1900-02-29T10:00:00Z", "2026-13-01T10:00:00Z", "2026-11-30T24:00:00Z", "2026-11-30 10:00:00Z",
                     "2026-11-30T10:00:00+05:00", "yesterday", "2026-11-3OT10:00:00Z"] {
            #expect(RFC3339DateTime.utc(text) == nil, "\(text)")
        }
        #expect(RFC3339DateTime.date("2026-11-30T15:00:00+05:00") == RFC3339DateTime.date("2026-11-30T10:00:00Z"))
    }
}
