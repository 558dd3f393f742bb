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
}
