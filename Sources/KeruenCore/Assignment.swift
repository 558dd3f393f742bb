import Foundation

/// The officer a declaration in control is assigned to, by whom (the system, or a supervisor with a reason).
public struct Assignment: Sendable, Equatable {
    public var declarationID: String
    public var officer: String
    public var assignedAt: Date
    public var assignedBy: String
    /// A supervisor's reason for a reassignment; nil for the system's draw.
    public var reason: String?

    public init(declarationID: String, officer: String, assignedAt: Date, assignedBy: String, reason: String? = nil) {
        self.declarationID = declarationID
        self.officer = officer
        self.assignedAt = assignedAt
        self.assignedBy = assignedBy
        self.reason = reason
    }
}
