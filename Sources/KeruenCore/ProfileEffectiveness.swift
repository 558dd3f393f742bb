/// How a risk profile did over a period: how often it fired, how many of those declarations were
/// controlled, and what the controls found.
public struct ProfileEffectiveness: Codable, Sendable, Equatable {
    public var profileID: String
    public var title: String
    public var hits: Int
    /// Hits whose measure decided the channel.
    public var decisive: Int
    public var controls: Int
    public var violations: Int
    public var seizures: Int
    public var revenue: Tenge

    public init(profileID: String, title: String, hits: Int, decisive: Int, controls: Int, violations: Int, seizures: Int, revenue: Tenge) {
        self.profileID = profileID
        self.title = title
        self.hits = hits
        self.decisive = decisive
        self.controls = controls
        self.violations = violations
        self.seizures = seizures
        self.revenue = revenue
    }

    /// Violations (seizures included) per control; nil before any control.
    public var hitRate: Double? { controls == 0 ? nil : Double(violations + seizures) / Double(controls) }
    public var seizureRate: Double? { controls == 0 ? nil : Double(seizures) / Double(controls) }

    /// Fires often and finds nothing: at least `minimumControls` controls and no violation — a profile an analyst should look at.
    public func findsNothing(minimumControls: Int = 10) -> Bool { controls >= minimumControls && violations + seizures == 0 }
}
