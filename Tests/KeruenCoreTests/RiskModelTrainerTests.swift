import Foundation
import KeruenCore
import Testing

@Suite struct RiskModelTrainerTests {
    /// Past controls where the odds of a violation rise as the value per kg falls and as the declarant's
    /// record worsens, with chance on top: the model must find that, and say so on held-out controls.
    static func history(_ count: Int) -> [RiskModelTrainer.Sample] {
        var generator = SeededRandomNumberGenerator(seed: 20261130)  // the same history every run: the test cannot flake
        return (0..<count).map { _ in
            let valuePerKg = Double.random(in: 1...200, using: &generator)
            let share = Double.random(in: 0...0.6, using: &generator)
            let input = RiskInput(transportMode: Bool.random(using: &generator) ? "30" : "20", dispatchCountry: "CN",
                                  compliance: ComplianceRecord(registered: 30, controls: 10, violations: Int(share * 10)),
                                  items: [RiskInput.Item(code: "6403990000", origin: "CN", valuePerKg: valuePerKg, netToGross: 0.9)])
            let odds = 2.5 - 1.5 * log1p(valuePerKg) + 6 * share
            let violation = Double.random(in: 0..<1, using: &generator) < 1 / (1 + exp(-odds))
            return RiskModelTrainer.Sample(vector: RiskFeatures.vector(of: input), violation: violation)
        }
    }

    @Test func theModelFindsAPlantedPatternAndReportsOnHeldOutControls() throws {
        let (model, report) = try RiskModelTrainer().train(Self.history(3000))
        #expect(report.trained == 2400 && report.heldOut == 600)
        // A random selection finds violations at the base rate; the model's selection must do far better and find most of them.
        #expect(report.precision > report.baseRate * 1.8, "\(report)")
        #expect(report.recall > 0.55, "\(report)")
        let cheap = RiskFeatures.vector(of: RiskInput(dispatchCountry: "CN", compliance: ComplianceRecord(registered: 30, controls: 10, violations: 5),
                                                      items: [RiskInput.Item(code: "6403990000", origin: "CN", valuePerKg: 4, netToGross: 0.9)]))
        let dear = RiskFeatures.vector(of: RiskInput(dispatchCountry: "CN", compliance: ComplianceRecord(registered: 30, controls: 10, violations: 0),
                                                     items: [RiskInput.Item(code: "6403990000", origin: "CN", valuePerKg: 150, netToGross: 0.9)]))
        let (high, why) = model.score(cheap)
        #expect(high > model.threshold && model.score(dear).score < model.threshold)
        #expect(Set(why.prefix(2).map(\.feature)) == ["lowest-value-per-kg", "declarant-violation-share"], "\(why)")
    }

    @Test func tooLittleHistoryIsRefused() {
        #expect(throws: RiskModelTrainer.Refusal.tooFewSamples(10)) { try RiskModelTrainer().train(Array(Self.history(10))) }
        let calm = Self.history(100).map { RiskModelTrainer.Sample(vector: $0.vector, violation: false) }
        #expect(throws: RiskModelTrainer.Refusal.oneOutcome) { try RiskModelTrainer().train(calm) }
    }
}

