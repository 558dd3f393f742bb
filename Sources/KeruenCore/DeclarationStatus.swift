/// Where a declaration stands in the three-stage clearance. Issue by issue more states join
/// (control, release); registration is the first stage.
public enum DeclarationStatus: String, Codable, Sendable, CaseIterable {
    case draft
    case submitted
    case registered
    case rejected
    case withdrawn
    /// Released by an officer's decision.
    case released
    /// Release refused by an officer's decision.
    case releaseRefused = "release-refused"

    /// The states a declaration may move to from this one.
    public var successors: Set<DeclarationStatus> {
        switch self {
        case .draft: [.submitted, .withdrawn]
        case .submitted: [.registered, .rejected, .withdrawn]
        case .registered: [.withdrawn, .rejected, .released, .releaseRefused]
        case .rejected, .withdrawn, .released, .releaseRefused: []
        }
    }

    public func canMove(to next: DeclarationStatus) -> Bool { successors.contains(next) }
}
