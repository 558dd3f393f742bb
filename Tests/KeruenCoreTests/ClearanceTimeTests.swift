import Foundation
import KeruenCore
import Testing

@Suite struct ClearanceTimeTests {
    let start = Date(timeIntervalSince1970: 1_780_000_000)

    func history(_ steps: [(DeclarationStatus, TimeInterval)]) -> [StatusChange] {
        steps.map { StatusChange(status: $0.0, at: start + $0.1, actor: "x") }
    }

    @Test func theClockRunsFromRegistrationToTheDecisionAgainstFourHours() {
        #expect(ClearanceTime(history: history([(.submitted, 0)])) == nil)
        let open = ClearanceTime(history: history([(.submitted, 0), (.registered, 1)]))!
        #expect(open.standing(at: start + 3600) == .running)
        #expect(open.standing(at: start + 1 + 3 * 3600) == .nearLimit)
        #expect(open.standing(at: start + 2 + 4 * 3600) == .overdue)
        #expect(ClearanceTime.text(open.elapsed(at: start + 1 + 3900)) == "1 h 05 min")

        let quick = ClearanceTime(history: history([(.submitted, 0), (.registered, 1), (.released, 1 + 5400)]))!
        #expect(quick.standing(at: start + 86_400) == .withinLimit && quick.elapsed(at: start + 86_400) == 5400)
        let slow = ClearanceTime(history: history([(.registered, 0), (.releaseRefused, 5 * 3600)]))!
        #expect(slow.standing(at: start + 86_400) == .late)
    }
}
