import Foundation
import KeruenCore
import KeruenServer
@testable import KeruenStore
import KeruenTestSupport
import SQLKit
import Testing

/// Signed checkpoints reveal changes made to the audit records directly in the database, even a
/// chain rewritten with fresh hashes.
@Suite struct AuditCheckpointTests {
    func findings(_ dependencies: AppDependencies) async throws -> [String] {
        try await dependencies.store.read { session in
            try await session.auditLog.verify(checkpoints: try await session.checkpoints.all(), publicKeyPEM: dependencies.serverKey.publicKeyPEM)
        }
    }

    func sql(_ dependencies: AppDependencies, _ statement: SQLQueryString) async throws {
        try await dependencies.store.write { try await $0.sql.raw(statement).run() }
    }

    @Test func checkpointsArePublishedAndVerify() async throws {
        try await withTestApp { client, dependencies in
            let admin = try await client.token("demo-admin")
            let created = try await client.call(.post, "/api/v1/audit/checkpoints", token: admin)
            #expect(created.status == .created)
            let length = try #require(created.json["length"] as? Int)
            #expect(length > 10)
            #expect(try await client.call(.post, "/api/v1/audit/checkpoints", token: try await client.token("demo-declarant")).status == .forbidden)
            let published = try await client.call(.get, "/api/v1/audit/checkpoints")  // no sign-in
            #expect(published.array.count == 1)
            #expect(published.array.first?["publicKey"] as? String == dependencies.serverKey.publicKeyPEM)
            #expect(try await findings(dependencies).isEmpty)
        }
    }

    @Test func aChangedRecordIsFound() async throws {
        try await withTestApp { _, dependencies in
            let checkpoint = try await AuditCheckpoints(dependencies: dependencies).sign()
            try await sql(dependencies, "UPDATE audit_log SET actor = 'someone-else' WHERE sequence = 5")
            let found = try await findings(dependencies)
            #expect(found.first == "Record 5: its content does not match its hash.")
            #expect(found.contains { $0.contains("up to record \(checkpoint.length) is not what was signed") })
        }
    }

    @Test func aRewrittenChainStillFailsItsCheckpoint() async throws {
        try await withTestApp { _, dependencies in
            let checkpoint = try await AuditCheckpoints(dependencies: dependencies).sign()
            // Someone with write access changes record 3 and recomputes every hash after it, head included.
            try await dependencies.store.write { session in
                let records = try await session.auditLog.records(after: 0, limit: 10_000)
                var previous = AuditLog.genesisHash
                for var record in records {
                    if record.sequence == 3 { record.entry.actor = "forger" }
                    let hash = AuditLog.hash(sequence: record.sequence, entry: record.entry, previousHash: previous)
                    try await session.sql.raw("""
                        UPDATE audit_log SET actor = \(bind: record.entry.actor), previous_hash = \(bind: previous), hash = \(bind: hash)
                        WHERE sequence = \(bind: record.sequence)
                        """).run()
                    previous = hash
                }
                try await session.sql.raw("UPDATE audit_head SET hash = \(bind: previous) WHERE id = 1").run()
            }
            let found = try await findings(dependencies)
            #expect(found == ["Checkpoint of \(checkpoint.at): the chain up to record \(checkpoint.length) is not what was signed; "
                              + "a record from 1 to \(checkpoint.length) was changed, removed or reordered since."])
        }
    }

    @Test func removedAndReorderedRecordsAreFound() async throws {
        try await withTestApp { _, dependencies in
            let checkpoint = try await AuditCheckpoints(dependencies: dependencies).sign()
            try await sql(dependencies, "DELETE FROM audit_log WHERE sequence > \(bind: checkpoint.length - 2)")
            try await sql(dependencies, "UPDATE audit_head SET sequence = \(bind: checkpoint.length - 2) WHERE id = 1")
            let removed = try await findings(dependencies)
            #expect(removed.contains { $0.contains("no longer reaches record \(checkpoint.length)") })
        }
        try await withTestApp { _, dependencies in
            _ = try await AuditCheckpoints(dependencies: dependencies).sign()
            // Swap the contents of records 4 and 5.
            try await sql(dependencies, "UPDATE audit_log SET sequence = -4 WHERE sequence = 4")
            try await sql(dependencies, "UPDATE audit_log SET sequence = 4 WHERE sequence = 5")
            try await sql(dependencies, "UPDATE audit_log SET sequence = 5 WHERE sequence = -4")
            let reordered = try await findings(dependencies)
            #expect(reordered.first?.hasPrefix("Record 4:") == true)
        }
    }

    @Test func aCheckpointSignedWithAnotherKeyIsReported() async throws {
        try await withTestApp { _, dependencies in
            let other = AppDependencies(configuration: dependencies.configuration, store: dependencies.store, reference: dependencies.reference,
                                        localizer: dependencies.localizer, logger: dependencies.logger)
            _ = try await AuditCheckpoints(dependencies: other).sign()
            #expect(try await findings(dependencies).first?.contains("does not verify with the server's key") == true)
        }
    }
}
