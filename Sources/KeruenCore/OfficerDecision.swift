/// The decisions an officer signs on a registered declaration.
public enum OfficerDecision: String, Codable, Sendable, CaseIterable {
    case refuseRegistration = "refuse-registration"
    case release
    case refuseRelease = "refuse-release"

    /// Where the declaration goes.
    public var outcome: DeclarationStatus {
        switch self {
        case .refuseRegistration: .rejected
        case .release: .released
        case .refuseRelease: .releaseRefused
        }
    }

    /// Refusals must say why.
    public var needsReasons: Bool { self != .release }
}
