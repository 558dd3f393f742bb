import Foundation
import KeruenCore
import KeruenStore

extension DeclarationWorkflow {
    /// The officer a declaration routed to documentary or physical control will be assigned to: drawn
    /// among the officers on shift at its post who are not connected to its declarant or representative,
    /// weighted by their open work (nil for green and blue, or with no one on shift: the post's queue then
    /// holds it until a supervisor assigns it).
    func assignee(for selectivity: RiskResult?, content: DeclarationContent, in session: StoreSession) async throws -> String? {
        guard let channel = selectivity?.channel, channel == .yellow || channel == .red, let officeCode = content.officeCode else { return nil }
        let parties = [content.declarant?.identificationNumber, content.representative?.identificationNumber].compactMap { $0 }
        var generator = SystemRandomNumberGenerator()
        return WorkAssignment.choose(among: try await session.assignments.loads(officeCode: officeCode, at: dependencies.clock(), notConnectedTo: parties),
                                     using: &generator)
    }

    /// Records the system's assignment with the registration, and audits it.
    func assign(_ declaration: Declaration, to officer: String, in session: StoreSession, at now: Date) async throws {
        try await session.assignments.insert(Assignment(declarationID: declaration.id, officer: officer, assignedAt: now, assignedBy: "keruen"))
        session.record(AuditEntry(actor: "keruen", action: "declaration.assign", objectType: "declaration", objectID: declaration.id, at: now,
                                  stateDigest: officer))
    }

    /// The system's release of a green declaration, called in the transaction that has just paid or
    /// secured its invoice in full (so the goods are free the moment the money is), and audited as the
    /// system's. Does nothing for another channel or status.
    func releaseIfGreen(declarationID: String, in session: StoreSession, at now: Date) async throws {
        guard try await session.risk.channel(declarationID: declarationID) == .green,
              var document = try await session.declarations.find(id: declarationID), document.declaration.status == .registered else { return }
        let previous = document.declaration.version
        document.declaration.status = .released
        document.declaration.version += 1
        document.declaration.updatedAt = now
        guard try await session.declarations.updateStatus(document.declaration, expectedVersion: previous,
                                                          events: [Self.automaticRelease(at: now)]) else { return }
        try record("declaration.release", document, by: "keruen", in: session)
        try await StatisticsWorkflow(dependencies: dependencies).count(document.declaration, in: session)
        try await WebhookWorkflow(dependencies: dependencies).notify("declaration.release", document.declaration, in: session, at: now)
    }

    /// The history's entry for a release the system made itself.
    static func automaticRelease(at now: Date) -> StatusChange {
        StatusChange(status: .released, at: now, actor: "keruen", note: "green channel; payments paid or secured")
    }
}
