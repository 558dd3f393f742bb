/// A Kazakh individual (IIN) or business (BIN) identification number: 12 digits, the last a check digit.
///
/// The check digit is the weighted sum of the first eleven digits modulo 11, first with weights 1…11 and,
/// when that gives 10, again with weights 3…11,1,2; a second 10 means the number can never be valid.
public struct IdentificationNumber: Hashable, Sendable, CustomStringConvertible {
    public let digits: String

    public init?(_ text: String) {
        guard Self.isValid(text) else { return nil }
        digits = text
    }

    public var description: String { digits }

    public static func isValid(_ text: String) -> Bool {
        let values = text.utf8.map { Int($0) - 48 }
        guard values.count == 12, values.allSatisfy({ (0...9).contains($0) }) else { return false }
        guard let check = checkDigit(of: values) else { return false }
        return check == values[11]
    }

    /// The check digit of the first 11 digits, or nil when no digit can make the number valid.
    static func checkDigit(of values: [Int]) -> Int? {
        var first = 0
        var second = 0
        for index in 0..<11 {
            first += values[index] * (index + 1)
            second += values[index] * ((index + 2) % 11 + 1)
        }
        if first % 11 != 10 { return first % 11 }
        return second % 11 == 10 ? nil : second % 11
    }

    /// Completes 11 digits with their check digit; nil when the prefix has none. Used to build demo and test data.
    public static func completing(_ prefix: String) -> IdentificationNumber? {
        let values = prefix.utf8.map { Int($0) - 48 }
        guard values.count == 11, let check = checkDigit(of: values) else { return nil }
        return IdentificationNumber(prefix + String(check))
    }
}
