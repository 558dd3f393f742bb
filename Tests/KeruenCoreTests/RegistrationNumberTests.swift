import Foundation
import KeruenCore
import Testing

@Suite struct RegistrationNumberTests {
    @Test func formatsOfficeDateAndSevenDigitSerial() {
        let number = RegistrationNumber(officeCode: "55201010", day: CustomsDay(year: 2026, month: 11, day: 22), serial: 417)
        #expect(number.description == "55201010/221126/0000417")
    }

    @Test func parsesWhatItFormatsAndRefusesNonsense() {
        #expect(RegistrationNumber("55201010/221126/0000417")?.serial == 417)
        #expect(RegistrationNumber("55201010/311126/0000417") == nil) // 31 November
        #expect(RegistrationNumber("5520101/221126/0000417") == nil)
        #expect(RegistrationNumber("55201010/221126/0000000") == nil)
    }

    @Test func theDayIsAlmatyTimeNotUTC() throws {
        // 19:30 UTC on 22 November is 00:30 on 23 November in Kazakhstan (UTC+5).
        let instant = try #require(ISO8601DateFormatter().date(from: "2026-11-22T19:30:00Z"))
        #expect(CustomsDay(containing: instant) == CustomsDay(year: 2026, month: 11, day: 23))
        #expect(CustomsDay(year: 2026, month: 11, day: 23).start == ISO8601DateFormatter().date(from: "2026-11-22T19:00:00Z"))
    }
}
