import Foundation
import KeruenCore

extension RiskWorkflow.Draft {
    /// A draft from what the API body or the portal form sent, every field that could not be read named
    /// at its pointer below `pointer`; the condition is read by KeruenCore's own decoder.
    static func read(title: String, rationale: String, condition: Data, channel: String?, examination: String?, instruction: String,
                     priority: Int, offices: [String], validFrom: String, validTo: String?, at pointer: String = "") throws -> Self {
        var problems: [ValidationProblem] = []
        var parsed: RiskCondition?
        do {
            parsed = try JSONDecoder().decode(RiskCondition.self, from: condition)
        } catch let error as DecodingError {
            problems.append(conditionProblem(error, at: "\(pointer)/condition"))
        }
        let channel = channel.flatMap(Channel.init(rawValue:)), examination = examination.flatMap(ExaminationType.init(rawValue:))
        if channel == nil { problems.append(ValidationProblem("\(pointer)/measure/channel", .required)) }
        if examination == nil { problems.append(ValidationProblem("\(pointer)/measure/examination", .required)) }
        let from = CustomsDay(iso: validFrom)
        if from == nil { problems.append(ValidationProblem("\(pointer)/validFrom", expected: .date)) }
        let to = validTo.map { CustomsDay(iso: $0) }
        if case .some(nil) = to { problems.append(ValidationProblem("\(pointer)/validTo", expected: .date)) }
        guard problems.isEmpty, let parsed, let channel, let examination, let from else { throw APIProblem.validation(problems) }
        return Self(title: title, rationale: rationale, condition: parsed,
                    measure: RiskMeasure(channel: channel, examination: examination, instruction: instruction),
                    priority: priority, offices: offices, validFrom: from, validTo: to ?? nil)
    }

    /// Where and why a condition could not be read: an unknown field or shape, a wrong type, a missing value.
    private static func conditionProblem(_ error: DecodingError, at pointer: String) -> ValidationProblem {
        func path(_ keys: [any CodingKey]) -> String { pointer + keys.map { "/" + ($0.intValue.map(String.init) ?? $0.stringValue) }.joined() }
        switch error {
        case .keyNotFound(let key, let context): return ValidationProblem(path(context.codingPath + [key]), .required)
        case .typeMismatch(_, let context), .valueNotFound(_, let context): return ValidationProblem(path(context.codingPath), expected: .permittedValue)
        case .dataCorrupted(let context):
            return context.debugDescription == "unknown-field" ? ValidationProblem(path(context.codingPath), .unknownField)
                                                               : ValidationProblem(path(context.codingPath), expected: .permittedValue)
        @unknown default: return ValidationProblem(pointer, expected: .permittedValue)
        }
    }
}
