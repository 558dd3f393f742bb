import KeruenCore
import Testing

@Suite struct WorkAssignmentTests {
    @Test func officersAreDrawnInInverseProportionToTheirOpenWork() {
        var generator = SeededRandomNumberGenerator(seed: 7)
        let loads = [WorkAssignment.Load(officer: "idle", open: 0), WorkAssignment.Load(officer: "busy", open: 3)]
        var drawn: [String: Int] = [:]
        for _ in 0..<8_000 { drawn[WorkAssignment.choose(among: loads, using: &generator)!, default: 0] += 1 }
        // Weights 1 and 1/4: four in five to the idle officer.
        #expect((6_200...6_600).contains(drawn["idle"] ?? 0), "\(drawn)")
        #expect(drawn.keys.sorted() == ["busy", "idle"])
        #expect(WorkAssignment.choose(among: [], using: &generator) == nil)
    }
}
