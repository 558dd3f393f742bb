/// What a user does in the system. A user may hold several roles.
public enum Role: String, Codable, Sendable, CaseIterable {
    case declarant
    case broker
    case officer
    case supervisor
    case riskAnalyst = "risk-analyst"
    case controlCentre = "control-centre"
    case statistician
    case agency
    case admin
    /// A checkpoint device (camera, scales, seal reader, portal…): sends its readings, bound to its checkpoint's office.
    case device

    /// Roles that work for a company (trader side) rather than for a customs office.
    public var isTraderRole: Bool { self == .declarant || self == .broker }
    /// Roles scoped to a customs office.
    public var isOfficeRole: Bool { self == .officer || self == .supervisor }
}
