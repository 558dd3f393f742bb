/// Where a transit movement stands, from acceptance at the office of departure to the release of its
/// guarantee. Passages at offices of transit are recorded on the movement, not as states of their own.
public enum TransitStatus: String, Codable, Sendable, CaseIterable {
    /// Accepted by the office of departure; the guarantee is reserved.
    case accepted
    /// Released for transit: the time limit runs.
    case released
    /// Presented at the office of destination.
    case arrived
    /// Goods and seals checked at destination; the operation is ended.
    case terminated
    /// The guarantee is released.
    case discharged
}
