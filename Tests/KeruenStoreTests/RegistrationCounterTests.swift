import Foundation
import KeruenCore
import KeruenStore
import KeruenTestSupport
import Testing

@Suite struct RegistrationCounterTests {
    @Test func concurrentTransactionsGetGaplessSerialsAndARollbackGivesItsNumberBack() async throws {
        try await TestDatabase.withStore { store in
            let day = CustomsDay(year: 2026, month: 11, day: 23)
            struct Abort: Error {}
            let serials = try await withThrowingTaskGroup(of: Int?.self) { group in
                for index in 0..<60 {
                    group.addTask {
                        do {
                            return try await store.write { session in
                                let serial = try await session.declarations.nextSerial(officeCode: "55201010", day: day)
                                if index % 10 == 0 { throw Abort() }
                                return serial
                            }
                        } catch is Abort {
                            return nil
                        }
                    }
                }
                var all: [Int] = []
                for try await serial in group { if let serial { all.append(serial) } }
                return all
            }
            #expect(serials.sorted() == Array(1...54))
            let other = try await store.write { try await $0.declarations.nextSerial(officeCode: "55201020", day: day) }
            #expect(other == 1)
        }
    }

    /// A submit writes with what it read before its transaction; if the declaration changed since,
    /// neither the counter nor the status may move, so that it can read again and the number stays gapless.
    @Test func aDeclarationThatChangedSinceItWasReadTakesNoSerialAndNoStatus() async throws {
        try await TestDatabase.withStore { store in
            let day = CustomsDay(year: 2026, month: 11, day: 23)
            let now = Date(timeIntervalSince1970: 1_800_000_000)
            let declaration = Declaration(id: TimeOrderedID.make(at: now), version: 1, status: .draft, content: DeclarationContent(),
                                          createdBy: "tester", createdAt: now, updatedAt: now)
            try await store.write { try await $0.declarations.insert(try DeclarationDocument(declaration), event: StatusChange(status: .draft, at: now, actor: "tester")) }
            var withdrawn = declaration
            (withdrawn.version, withdrawn.status) = (2, .withdrawn)
            let moved = withdrawn
            let stale = try await store.write { session in
                (serial: try await session.declarations.nextSerial(officeCode: "55201010", day: day, forDeclaration: declaration.id, atVersion: 2),
                 moved: try await session.declarations.updateStatus(moved, expectedVersion: 2, events: [StatusChange(status: .withdrawn, at: now, actor: "tester")]))
            }
            #expect(stale.serial == nil)
            #expect(stale.moved == false)
            let current = try await store.write { session in
                (serial: try await session.declarations.nextSerial(officeCode: "55201010", day: day, forDeclaration: declaration.id, atVersion: 1),
                 moved: try await session.declarations.updateStatus(moved, expectedVersion: 1, events: [StatusChange(status: .withdrawn, at: now, actor: "tester")]))
            }
            #expect(current.serial == 1)
            #expect(current.moved)
            let history = try await store.read { try await $0.declarations.history(declarationID: declaration.id) }
            #expect(history.map(\.status) == [.draft, .withdrawn])
        }
    }
}
