/// Who may act on a declaration in control. The officer the system assigned works on it (a supervisor
/// may act on any of his office's); no one acts on a declaration of a company he is registered as
/// connected to; and the officer who appointed the examination of a red declaration that found a
/// violation does not release it alone — a supervisor must.
public struct DutySeparation: Sendable {
    public var actor: String
    public var isSupervisor: Bool
    /// BINs of the companies the actor is registered as connected to (family, former employer, shares).
    public var connectedBINs: Set<String>

    public init(actor: String, isSupervisor: Bool, connectedBINs: Set<String>) {
        self.actor = actor
        self.isSupervisor = isSupervisor
        self.connectedBINs = connectedBINs
    }

    public enum Action: Sendable, Equatable {
        case decide(OfficerDecision)
        case orderExamination
        /// Recording an examination's result: its examiner may, though not assigned.
        case recordExamination(examiner: String)
        case requestDocuments
        case correct
        /// A correction after release (post-clearance control): no longer the assigned officer's alone.
        case correctReleased
        case recordControl
    }

    public enum Refusal: String, Sendable, Error {
        case notAssigned = "not-assigned"
        case connectedCompany = "connected-company"
        case supervisorApprovalRequired = "supervisor-approval-required"
    }

    /// What the declaration's control looks like when the actor acts.
    public struct Case: Sendable {
        public var declarantBIN: String?
        public var representativeBIN: String?
        public var assignedOfficer: String?
        public var channel: Channel?
        public var examinations: [Examination]

        public init(declarantBIN: String?, representativeBIN: String?, assignedOfficer: String?, channel: Channel?, examinations: [Examination]) {
            self.declarantBIN = declarantBIN
            self.representativeBIN = representativeBIN
            self.assignedOfficer = assignedOfficer
            self.channel = channel
            self.examinations = examinations
        }
    }

    /// Why the actor may not take `action` in `control`; nil if he may.
    public func refusal(of action: Action, in control: Case) -> Refusal? {
        if [control.declarantBIN, control.representativeBIN].contains(where: { $0.map(connectedBINs.contains) == true }) {
            return .connectedCompany
        }
        if isSupervisor || action == .correctReleased { return nil }
        if control.assignedOfficer != actor {
            guard case .recordExamination(let examiner) = action, examiner == actor else { return .notAssigned }
        }
        if action == .decide(.release), control.channel == .red,
           control.examinations.contains(where: { $0.orderedBy == actor && $0.foundViolation }) {
            return .supervisorApprovalRequired
        }
        return nil
    }
}
