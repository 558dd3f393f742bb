import Foundation
import KeruenCore
import KeruenStore

extension DeclarationWorkflow {
    /// The officer a declaration routed to documentary or physical control will be assigned to: drawn
    /// among the officers on shift at its post, weighted by their open work (nil for green and blue, or
    /// with no one on shift: the post's queue then holds it until a supervisor assigns it).
    func assignee(for selectivity: RiskResult?, officeCode: String?, in session: StoreSession) async throws -> String? {
        guard let channel = selectivity?.channel, channel == .yellow || channel == .red, let officeCode else { return nil }
        var generator = SystemRandomNumberGenerator()
        return WorkAssignment.choose(among: try await session.assignments.loads(officeCode: officeCode, at: dependencies.clock()), using: &generator)
    }

    /// Records the system's assignment with the registration, and audits it.
    func assign(_ declaration: Declaration, to officer: String, in session: StoreSession, at now: Date) async throws {
        try await session.assignments.insert(Assignment(declarationID: declaration.id, officer: officer, assignedAt: now, assignedBy: "keruen"))
        session.record(AuditEntry(actor: "keruen", action: "declaration.assign", objectType: "declaration", objectID: declaration.id, at: now,
                                  stateDigest: officer))
    }
}
