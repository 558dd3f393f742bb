import Foundation

/// A physical examination of the goods an officer appointed (what, where, by whom), and once done its
/// result: what was found, the seals applied or removed, the photos and scan images, and the examiner's
/// conclusion, which is the declaration's control result for the risk feedback.
public struct Examination: Codable, Sendable, Equatable {
    public var id: String
    public var declarationID: String
    public var type: ExaminationType
    /// What is to be examined: the items, packages or containers.
    public var scope: String
    public var place: String
    /// The officer who examines (may differ from the one who ordered).
    public var examiner: String
    public var orderedBy: String
    public var orderedAt: Date
    public var result: Result?

    public init(id: String, declarationID: String, type: ExaminationType, scope: String, place: String, examiner: String, orderedBy: String,
                orderedAt: Date, result: Result? = nil) {
        self.id = id
        self.declarationID = declarationID
        self.type = type
        self.scope = scope
        self.place = place
        self.examiner = examiner
        self.orderedBy = orderedBy
        self.orderedAt = orderedAt
        self.result = result
    }

    /// What the examination found.
    public struct Result: Codable, Sendable, Equatable {
        public var outcome: ControlResult.Outcome
        public var violationKind: ControlResult.ViolationKind?
        public var findings: String
        public var sealsApplied: [String]
        public var sealsRemoved: [String]
        /// SHA-256 (lower-case hex) of each photo, scan image or document stored as an ``Attachment``.
        public var attachments: [String]
        public var conclusion: String
        public var recordedBy: String
        public var recordedAt: Date

        public init(outcome: ControlResult.Outcome, violationKind: ControlResult.ViolationKind?, findings: String, sealsApplied: [String],
                    sealsRemoved: [String], attachments: [String], conclusion: String, recordedBy: String, recordedAt: Date) {
            self.outcome = outcome
            self.violationKind = violationKind
            self.findings = findings
            self.sealsApplied = sealsApplied
            self.sealsRemoved = sealsRemoved
            self.attachments = attachments
            self.conclusion = conclusion
            self.recordedBy = recordedBy
            self.recordedAt = recordedAt
        }
    }

    public var isOpen: Bool { result == nil }
    /// Whether the examination found something wrong (which a supervisor must see before release).
    public var foundViolation: Bool { result?.outcome.foundViolation == true }
}
