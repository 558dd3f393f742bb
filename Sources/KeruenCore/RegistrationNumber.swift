import Foundation

/// The EAEU goods declaration number `OOOOOOOO/DDMMYY/NNNNNNN`: office, date of registration (Almaty time)
/// and a serial that is gapless per office per day.
public struct RegistrationNumber: Hashable, Sendable, CustomStringConvertible {
    public let officeCode: String
    public let day: CustomsDay
    public let serial: Int

    public init(officeCode: String, day: CustomsDay, serial: Int) {
        precondition(serial > 0 && serial <= 9_999_999, "serial out of range")
        self.officeCode = officeCode
        self.day = day
        self.serial = serial
    }

    public var description: String {
        let serialText = String(serial)
        return "\(officeCode)/\(day.compact)/\(String(repeating: "0", count: 7 - serialText.count))\(serialText)"
    }

    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 8, parts[0].allSatisfy(\.isASCIIDigit),
              parts[2].count == 7, let serial = Int(parts[2]), serial > 0,
              let day = CustomsDay(compact: String(parts[1])) else { return nil }
        self.init(officeCode: String(parts[0]), day: day, serial: serial)
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
