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
}
