import Foundation

/// What an officer's control of a declaration found: the feedback that gives each risk profile its hit
/// rate and each declarant its compliance record.
public struct ControlResult: Codable, Sendable, Equatable {
    public var declarationID: String
    public var outcome: Outcome
    public var violationKind: ViolationKind?
    /// Duties and taxes additionally assessed because of what the control found.
    public var additionalPayments: Tenge
    public var note: String
    public var officer: String
    public var recordedAt: Date

    public enum Outcome: String, Codable, Sendable, CaseIterable {
        case noViolation = "no-violation"
        case violation
        case seizure

        public var foundViolation: Bool { self != .noViolation }
    }

    public enum ViolationKind: String, Codable, Sendable, CaseIterable {
        case valuation, classification, origin, quantity, documents, prohibited, other
    }

    public init(declarationID: String, outcome: Outcome, violationKind: ViolationKind? = nil, additionalPayments: Tenge = .zero,
                note: String = "", officer: String, recordedAt: Date) {
        self.declarationID = declarationID
        self.outcome = outcome
        self.violationKind = violationKind
        self.additionalPayments = additionalPayments
        self.note = note
        self.officer = officer
        self.recordedAt = recordedAt
    }
}
