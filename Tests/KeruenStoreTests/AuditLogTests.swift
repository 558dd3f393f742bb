import Foundation
import KeruenCore
import KeruenStore
import KeruenTestSupport
import SQLKit
import Testing

@Suite struct AuditLogTests {
    func entry(_ n: Int) -> AuditEntry {
        AuditEntry(actor: "tester", action: "test.step", objectType: "thing", objectID: "\(n)",
                   at: Date(timeIntervalSince1970: 1_800_000_000 + Double(n)), stateDigest: String(repeating: "a", count: 64))
    }

    @Test func anUntouchedChainVerifies() async throws {
        try await TestDatabase.withStore { store in
            for n in 1...5 { try await store.write { $0.record(entry(n)) } }
            #expect(try await store.read { try await $0.auditLog.verify() } == .intact(records: 5))
        }
    }

    /// Records are hashed as UTF-8 when written and again when verified: non-ASCII text must come back from the database unchanged.
    @Test func aChainWithKazakhTextVerifies() async throws {
        try await TestDatabase.withStore { store in
            for n in 1...3 {
                try await store.write {
                    $0.record(AuditEntry(actor: "Әлия Сәрсенбайқызы", action: "декларация.тіркеу", objectType: "thing", objectID: "№\(n)",
                                         at: Date(timeIntervalSince1970: 1_800_000_000.123456 + Double(n)), stateDigest: String(repeating: "b", count: 64)))
                }
            }
            #expect(try await store.read { try await $0.auditLog.verify() } == .intact(records: 3))
        }
    }

    @Test func editingARecordIsFoundAtThatRecord() async throws {
        try await TestDatabase.withStore { store in
            for n in 1...6 { try await store.write { $0.record(entry(n)) } }
            try await store.write { try await $0.sql.raw("UPDATE audit_log SET actor = 'mallory' WHERE sequence = 4").run() }
            #expect(try await store.read { try await $0.auditLog.verify() } == .broken(sequence: 4, reason: "its content does not match its hash"))
        }
    }

    @Test func deletingARecordIsFoundWhereItWas() async throws {
        try await TestDatabase.withStore { store in
            for n in 1...6 { try await store.write { $0.record(entry(n)) } }
            try await store.write { try await $0.sql.raw("DELETE FROM audit_log WHERE sequence = 3").run() }
            let result = try await store.read { try await $0.auditLog.verify() }
            #expect(result == .broken(sequence: 3, reason: "record 3 is missing"))
        }
    }

    @Test func aRolledBackTransactionLeavesNoAuditRecord() async throws {
        try await TestDatabase.withStore { store in
            struct Boom: Error {}
            await #expect(throws: Boom.self) {
                try await store.write { session in
                    session.record(entry(1))
                    throw Boom()
                }
            }
            let result = try await store.read { try await $0.auditLog.verify() }
            #expect(result == .intact(records: 0))
        }
    }
}
