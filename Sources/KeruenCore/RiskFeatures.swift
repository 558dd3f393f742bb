import Foundation

/// What the learned risk score reads of a declaration: a few numbers an officer would also look at,
/// each with a name the score's explanation shows.
public enum RiskFeatures {
    public static let names = [
        "declarant-violation-share", "declarant-controls", "new-trader", "aeo", "lowest-value-per-kg", "value-per-kg-unknown",
        "lowest-net-to-gross", "items", "origin-not-dispatch", "road-transport",
    ]

    public static func vector(of input: RiskInput) -> [Double] {
        let values = input.items.compactMap(\.valuePerKg)
        let ratios = input.items.compactMap(\.netToGross)
        let foreign = input.items.filter { $0.origin != nil && $0.origin != input.dispatchCountry }.count
        return [
            input.compliance.violationShare,
            log1p(Double(input.compliance.controls)),
            input.isNewTrader ? 1 : 0,
            input.compliance.aeo == .none ? 0 : 1,
            values.min().map { log1p(max($0, 0)) } ?? 0,
            values.isEmpty ? 1 : 0,
            ratios.min() ?? 1,
            log(Double(max(input.items.count, 1))),
            input.items.isEmpty ? 0 : Double(foreign) / Double(input.items.count),
            input.transportMode == "30" ? 1 : 0,
        ]
    }
}
