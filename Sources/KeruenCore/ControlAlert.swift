import Foundation

/// An alert in the control centre's hands: what raised it (rule and evidence, the event, vehicle and
/// movement it concerns) and its handling — assigned to an officer, acknowledged, resolved with a note.
public struct ControlAlert: Sendable, Equatable {
    public enum Status: String, Sendable, Codable, CaseIterable {
        case open, assigned, acknowledged, resolved
    }

    public var id: String
    public var alert: CheckpointAlert
    public var checkpoint: String?
    public var movementID: String?
    public var plate: String?
    public var device: String?
    public var eventID: String?
    /// When it happened (the event's own time); `raisedAt` is when Keruen raised it.
    public var at: Date
    public var raisedAt: Date
    public var status: Status = .open
    public var assignee: String?
    public var acknowledgedBy: String?
    public var acknowledgedAt: Date?
    public var resolvedBy: String?
    public var resolvedAt: Date?
    public var note: String?

    public init(id: String, alert: CheckpointAlert, checkpoint: String?, movementID: String?, plate: String?, device: String?, eventID: String?,
                at: Date, raisedAt: Date) {
        self.id = id
        self.alert = alert
        self.checkpoint = checkpoint
        self.movementID = movementID
        self.plate = plate
        self.device = device
        self.eventID = eventID
        self.at = at
        self.raisedAt = raisedAt
    }

    public enum Action: Sendable, Equatable {
        case assign(to: String)
        case acknowledge
        case resolve(note: String)
    }

    public enum Refusal: String, Error, Sendable {
        /// Resolved alerts are closed; acknowledging twice says nothing new.
        case outOfOrder = "alert-out-of-order"
        case noteRequired = "alert-note-required"
    }

    /// Applies an officer's action: any alert not resolved may be (re)assigned; acknowledging takes an
    /// alert not yet acknowledged; resolving needs a note of what was found and done.
    public mutating func apply(_ action: Action, by officer: String, at now: Date) throws(Refusal) {
        guard status != .resolved else { throw .outOfOrder }
        switch action {
        case .assign(let assignee):
            self.assignee = assignee
            if status == .open { status = .assigned }
        case .acknowledge:
            guard acknowledgedAt == nil else { throw .outOfOrder }
            acknowledgedBy = officer
            acknowledgedAt = now
            status = .acknowledged
            if assignee == nil { assignee = officer }
        case .resolve(let note):
            guard !note.trimmingSpaces().isEmpty else { throw .noteRequired }
            self.note = note
            resolvedBy = officer
            resolvedAt = now
            status = .resolved
        }
    }
}
