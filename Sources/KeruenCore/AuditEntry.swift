import Foundation

/// What happened, to what, by whom — one link of the audit chain. The store adds the sequence
/// number and the hashes that chain it to the entry before.
public struct AuditEntry: Sendable, Equatable {
    public var actor: String
    public var action: String
    public var objectType: String
    public var objectID: String
    public var at: Date
    /// SHA-256 (hex) of the object's new state.
    public var stateDigest: String

    public init(actor: String, action: String, objectType: String, objectID: String, at: Date, stateDigest: String) {
        self.actor = actor
        self.action = action
        self.objectType = objectType
        self.objectID = objectID
        self.at = at
        self.stateDigest = stateDigest
    }
}
