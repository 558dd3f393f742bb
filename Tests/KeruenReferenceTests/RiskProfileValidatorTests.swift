import Foundation
import KeruenCore
import KeruenReference
import Testing

/// A profile that could not be evaluated is refused when saved, with the reason at its field.
@Suite struct RiskProfileValidatorTests {
    let validator = RiskProfileValidator(catalog: try! ReferenceData.bundled())

    func profile(_ condition: String, id: String = "RP-TEST", offices: [String] = [], channel: Channel = .red) throws -> RiskProfile {
        RiskProfile(id: id, title: "Undervalued footwear", rationale: "Mirror statistics show a gap.",
                    condition: try JSONDecoder().decode(RiskCondition.self, from: Data(condition.utf8)),
                    measure: RiskMeasure(channel: channel, examination: .fullExamination, instruction: "Weigh and count."),
                    offices: offices, validFrom: CustomsDay(year: 2026, month: 1, day: 1), author: "analyst", createdAt: Date())
    }

    @Test func aGoodProfileHasNoProblems() throws {
        let good = try profile(#"{"all":[{"field":"commodityCode","startsWith":["6403","64"]},{"field":"originCountry","in":["CN"]},{"field":"valuePerKg","below":8.5}]}"#,
                               offices: ["55201010"])
        #expect(validator.problems(in: good, conditions: [:]) == [])
    }

    @Test func anUnknownFieldIsRefusedWhileReading() {
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(RiskCondition.self, from: Data(#"{"field":"colour","in":["red"]}"#.utf8)) }
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(RiskCondition.self, from: Data(#"{"some":[]}"#.utf8)) }
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(RiskCondition.self, from: Data(#"{"field":"valuePerKg","between":[9,2]}"#.utf8)) }
    }

    @Test func malformedPatternsComparisonsAndScopesAreNamedAtTheirField() throws {
        let bad = try profile(#"{"all":[{"field":"commodityCode","startsWith":["64O3"]},{"field":"originCountry","in":["XX"]},{"field":"aeo","below":3},{"any":[]}]}"#,
                              offices: ["99999999"], channel: .green)
        #expect(Set(validator.problems(in: bad, conditions: [:]).map { "\($0.pointer) \($0.code.rawValue)" }) == [
            "/condition/all/0/startsWith/0 invalid-format", "/condition/all/1/in/0 unknown-country", "/condition/all/2/below invalid-comparison",
            "/condition/all/3/any required", "/offices/0 unknown-office", "/measure/channel invalid-format",
        ])
    }

    @Test func referencesMustExistAndNeverLeadBack() throws {
        let referring = try profile(#"{"all":[{"profile":"RP-CHINA"},{"field":"commodityCode","startsWith":["6403"]}]}"#)
        #expect(validator.problems(in: referring, conditions: [:]).map(\.code) == [.unknownProfile])
        #expect(validator.problems(in: referring, conditions: ["RP-CHINA": .test(RiskTest(.originCountry, .oneOf(["CN"])))]) == [])
        // RP-CHINA refers to RP-TEST, which would refer to RP-CHINA: a circle.
        let circle = validator.problems(in: referring, conditions: ["RP-CHINA": .all([.profile("RP-OTHER")]), "RP-OTHER": .profile("RP-TEST")])
        #expect(circle.map(\.code) == [.circularReference])
        #expect(validator.problems(in: try profile(#"{"profile":"RP-TEST"}"#), conditions: [:]).map(\.code) == [.circularReference])
    }
}
