import Foundation

/// What is refused when a profile is saved: anything its condition could not evaluate (an unknown
/// field, a comparison the field does not have, a malformed code pattern or country, a reference to a
/// profile that does not exist or that leads back to itself), and a measure or scope that makes no
/// sense. A saved profile can always be evaluated, so a profile can never break registration.
public struct RiskProfileValidator: Sendable {
    public let catalog: any ReferenceCatalog

    public init(catalog: any ReferenceCatalog) {
        self.catalog = catalog
    }

    /// `conditions`: the current condition of every other profile by id (for references).
    public func problems(in profile: RiskProfile, conditions: [String: RiskCondition]) -> [ValidationProblem] {
        var problems: [ValidationProblem] = []
        if !RiskProfile.isValidID(profile.id) { problems.append(ValidationProblem("/id", expected: .permittedValue)) }
        for (pointer, text) in [("/title", profile.title), ("/rationale", profile.rationale), ("/measure/instruction", profile.measure.instruction)] {
            if text.trimmingSpaces().isEmpty { problems.append(ValidationProblem(pointer, .required)) }
            if text.count > 2000 { problems.append(ValidationProblem(pointer, .tooLong, ["maximum": "2000"])) }
        }
        if profile.measure.channel == .green { problems.append(ValidationProblem("/measure/channel", expected: .permittedValue)) }
        if !(1...100).contains(profile.priority) { problems.append(ValidationProblem("/priority", .outOfRange, ["minimum": "1", "maximum": "100"])) }
        for (index, office) in profile.offices.enumerated() where catalog.office(office) == nil {
            problems.append(ValidationProblem("/offices/\(index)", .unknownOffice))
        }
        if let validTo = profile.validTo, validTo < profile.validFrom { problems.append(ValidationProblem("/validTo", .outOfRange)) }
        problems += conditionProblems(profile.condition, at: "/condition")
        problems += referenceProblems(of: profile.id, condition: profile.condition, conditions: conditions)
        return problems
    }

    private func conditionProblems(_ condition: RiskCondition, at pointer: String) -> [ValidationProblem] {
        switch condition {
        case .all(let parts), .any(let parts):
            let name = if case .all = condition { "all" } else { "any" }
            if parts.isEmpty { return [ValidationProblem("\(pointer)/\(name)", .required)] }
            return parts.enumerated().flatMap { conditionProblems($1, at: "\(pointer)/\(name)/\($0)") }
        case .not(let inner):
            return conditionProblems(inner, at: "\(pointer)/not")
        case .profile:
            return []
        case .test(let test):
            return testProblems(test, at: pointer)
        }
    }

    private func testProblems(_ test: RiskTest, at pointer: String) -> [ValidationProblem] {
        let at = "\(pointer)/\(test.comparison.name)"
        guard test.comparison.applies(to: test.field.kind) else {
            return [ValidationProblem(at, .invalidComparison, ["field": test.field.rawValue])]
        }
        switch test.comparison {
        case .startsWith(let prefixes):
            if prefixes.isEmpty { return [ValidationProblem(at, .required)] }
            return prefixes.enumerated().compactMap { index, prefix in
                (1...10).contains(prefix.utf8.count) && prefix.utf8.allSatisfy({ (48...57).contains($0) })
                    ? nil : ValidationProblem("\(at)/\(index)", expected: .commodityPrefix)
            }
        case .oneOf(let values):
            if values.isEmpty { return [ValidationProblem(at, .required)] }
            return values.enumerated().compactMap { index, value in
                switch test.field {
                case .originCountry, .dispatchCountry, .destinationCountry:
                    catalog.isCountry(value) ? nil : ValidationProblem("\(at)/\(index)", .unknownCountry)
                case .office:
                    catalog.office(value) == nil ? ValidationProblem("\(at)/\(index)", .unknownOffice) : nil
                default:
                    value.trimmingSpaces().isEmpty ? ValidationProblem("\(at)/\(index)", .required) : nil
                }
            }
        case .lacks(let code):
            return code.utf8.count == 5 && code.utf8.allSatisfy({ (48...57).contains($0) }) ? [] : [ValidationProblem(at, expected: .permittedValue)]
        case .below, .above, .between, .outside, .is, .missing:
            return []
        }
    }

    /// Every referenced profile must exist, and following references must never come back to the start.
    private func referenceProblems(of id: String, condition: RiskCondition, conditions: [String: RiskCondition]) -> [ValidationProblem] {
        var problems: [ValidationProblem] = []
        for reference in Set(condition.references).sorted() {
            guard reference != id, conditions[reference] != nil else {
                problems.append(ValidationProblem("/condition", reference == id ? .circularReference : .unknownProfile, ["profile": reference]))
                continue
            }
            // Depth-first through the references of the referenced profiles.
            var stack = [reference], visited: Set<String> = []
            while let next = stack.popLast() {
                guard visited.insert(next).inserted else { continue }
                for further in conditions[next]?.references ?? [] {
                    if further == id {
                        problems.append(ValidationProblem("/condition", .circularReference, ["profile": reference]))
                        stack.removeAll()
                        break
                    }
                    stack.append(further)
                }
            }
        }
        return problems
    }
}
