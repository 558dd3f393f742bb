/// Mass and size limits for vehicles on the roads, effective from a day (reference data: a new set
/// applies from its day on, and weighings are judged by the set in force on their own day).
public struct VehicleLimits: Sendable, Equatable {
    public var validFrom: CustomsDay
    /// Permitted gross mass by number of axles; a vehicle with more axles than listed uses the largest entry.
    public var grossKgByAxles: [Int: Double]
    public var axleKg: Double
    public var lengthM: Double, widthM: Double, heightM: Double

    public init(validFrom: CustomsDay, grossKgByAxles: [Int: Double], axleKg: Double, lengthM: Double, widthM: Double, heightM: Double) {
        self.validFrom = validFrom
        self.grossKgByAxles = grossKgByAxles
        self.axleKg = axleKg
        self.lengthM = lengthM
        self.widthM = widthM
        self.heightM = heightM
    }

    /// The set in force on `day`: the latest that started on or before it.
    public static func inForce(_ sets: [VehicleLimits], on day: CustomsDay) -> VehicleLimits? {
        sets.filter { $0.validFrom <= day }.max { $0.validFrom < $1.validFrom }
    }

    /// Permitted gross mass for a vehicle with `axles` axles (nil when no entry covers so few).
    public func grossKg(axles: Int) -> Double? {
        if let exact = grossKgByAxles[axles] { return exact }
        guard let most = grossKgByAxles.keys.max(), axles > most else { return nil }
        return grossKgByAxles[most]
    }
}
