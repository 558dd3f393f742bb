import Foundation
import KeruenCore
import KeruenStore
import KeruenTestSupport
import SQLKit
import Testing

/// Writes that arrive together share a transaction; each must still succeed or fail on its own.
@Suite struct GroupCommitTests {
    struct Refused: Error {}

    @Test func concurrentWritesThatFailLeaveNoTraceAndTheOthersKeepGaplessSerials() async throws {
        try await TestDatabase.withStore { store in
            let day = CustomsDay(iso: "2026-11-29")!
            let outcomes = await withTaskGroup(of: Int?.self) { group in
                for n in 0..<60 {
                    group.addTask {
                        try? await store.write { session in
                            let serial = try await session.declarations.nextSerial(officeCode: "55301001", day: day)
                            session.record(AuditEntry(actor: "tester", action: "test.serial", objectType: "thing", objectID: "\(n)",
                                                      at: Date(timeIntervalSince1970: 1_800_000_000), stateDigest: String(repeating: "c", count: 64)))
                            switch n % 4 {
                            case 1: throw Refused()
                            // A statement the database refuses (a duplicate key) also fails only its own request.
                            case 2: try await session.sql.raw("INSERT INTO registration_counters (office_code, day, last_serial) VALUES ('55301001', \(bind: day.description), 0)").run()
                            default: break
                            }
                            return serial
                        }
                    }
                }
                return await group.reduce(into: [Int?]()) { $0.append($1) }
            }
            let serials = outcomes.compactMap { $0 }.sorted()
            #expect(serials == Array(1...30))
            let audit = try await store.read { try await $0.auditLog.records(after: 0, limit: 100) }
            #expect(audit.count == 30)
            #expect(Set(audit.map(\.entry.objectID)).count == 30)
            #expect(audit.allSatisfy { Int($0.entry.objectID)! % 4 == 0 || Int($0.entry.objectID)! % 4 == 3 })
            #expect(try await store.read { try await $0.auditLog.verify() } == .intact(records: 30))
        }
    }

    /// Requests with the same idempotency key in one batch: the first is done, the others get its answer
    /// (it is written only at the end of the batch, so they find it in the batch, not in the table),
    /// and the work is done once.
    @Test func retriesInTheSameBatchGetTheFirstAnswer() async throws {
        try await TestDatabase.withStore { store in
            let now = Date(timeIntervalSince1970: 1_800_000_000)
            // Keeps the writer busy, so that the requests below wait and go into one batch together.
            async let busy: Void = store.write { _ in try await Task.sleep(for: .milliseconds(300)) }
            try await Task.sleep(for: .milliseconds(50))
            let answers = try await withThrowingTaskGroup(of: String.self) { group in
                for n in 0..<6 {
                    group.addTask {
                        try await store.write { session in
                            switch try await session.idempotency.claim(principal: "tester", key: "k-1", operation: "test", requestDigest: "d", at: now) {
                            case .fresh:
                                _ = try await session.declarations.nextSerial(officeCode: "55301001", day: CustomsDay(iso: "2026-11-29")!)
                                session.idempotency.complete(principal: "tester", key: "k-1", response: "answer \(n)")
                                return "answer \(n)"
                            case .replay(let response): return response
                            case .conflict: return "conflict"
                            }
                        }
                    }
                }
                return try await group.reduce(into: [String]()) { $0.append($1) }
            }
            try await busy
            #expect(Set(answers).count == 1)
            #expect(answers.first?.hasPrefix("answer") == true)
            let stored = try await store.read { session in
                try await session.sql.raw("SELECT response FROM idempotency_keys WHERE idempotency_key = 'k-1'").first()?.decode(column: "response", as: String.self)
            }
            #expect(stored == answers.first)
            // The work was done once: the batch's first run, which took every key as new, left nothing.
            let serial = try await store.read { session in
                try await session.sql.raw("SELECT last_serial FROM registration_counters").first()?.decode(column: "last_serial", as: Int.self)
            }
            #expect(serial == 1)
        }
    }
}
