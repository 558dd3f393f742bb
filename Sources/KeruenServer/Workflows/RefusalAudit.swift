import Foundation
import KeruenCore

extension AppDependencies {
    /// Runs a clearance action; if it is refused, the refusal is recorded in the audit trail (in a
    /// transaction of its own, since the action's wrote nothing) and thrown on. Not-found and
    /// unauthenticated are not recorded: they say nothing about the object.
    func recordingRefusal<Value>(_ action: String, objectType: String = "declaration", objectID: String, principal: Principal,
                                 _ body: () async throws -> Value) async throws -> Value {
        do {
            return try await body()
        } catch let problem as APIProblem where problem.status != .notFound && problem.status != .unauthorized {
            let entry = AuditEntry(actor: principal.username, action: "\(action).refused", objectType: objectType, objectID: objectID, at: clock(),
                                   stateDigest: ([problem.code] + problem.fields.map(\.pointer)).joined(separator: "|"))
            try await store.write { $0.record(entry) }
            throw problem
        }
    }
}
