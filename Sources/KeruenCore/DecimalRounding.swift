import Foundation

extension Decimal {
    /// Rounded half-up (a half goes away from zero) to `scale` decimal places: to the tiyn at 2.
    public func roundedHalfUp(scale: Int = 2) -> Decimal {
        var value = self
        var result = Decimal()
        NSDecimalRound(&result, &value, scale, .plain)
        return result
    }
}
