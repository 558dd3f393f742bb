/// A declarant's record with customs, as risk profiles and the learned score read it.
public struct ComplianceRecord: Codable, Sendable, Equatable {
    /// Declarations registered before this one, counted up to the new-trader threshold (``RiskSettings/newTraderBelow``).
    public var registered: Int
    /// Of those, how many were controlled (documents or goods), and how many controls found a violation.
    public var controls: Int
    public var violations: Int
    public var aeo: AEOStatus

    public init(registered: Int = 0, controls: Int = 0, violations: Int = 0, aeo: AEOStatus = .none) {
        self.registered = registered
        self.controls = controls
        self.violations = violations
        self.aeo = aeo
    }

    /// Share of past controls that found a violation; 0 with no controls yet.
    public var violationShare: Double { controls == 0 ? 0 : Double(violations) / Double(controls) }
}
