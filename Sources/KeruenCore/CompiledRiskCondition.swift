import Foundation

/// A profile's condition ready to evaluate: references to other profiles inlined, numbers as `Double`,
/// and each test's words for the evidence made once.
indirect enum CompiledRiskCondition: Sendable {
    case all([CompiledRiskCondition])
    case any([CompiledRiskCondition])
    case not(CompiledRiskCondition)
    case test(Test)

    struct Test: Sendable {
        let field: RiskField
        let check: Check
        /// The test as the evidence shows it ("startsWith 6403, 6402").
        let text: String
    }

    enum Check: Sendable {
        /// Code prefixes as numbers with their lengths (see ``RiskInput/Item/codeStarts(with:length:)``).
        case prefixes([(digits: UInt64, length: Int)])
        case oneOf([String])
        case below(Double)
        case above(Double)
        case between(Double, Double)
        case outside(Double, Double)
        case flag(Bool)
        case lacks(String)
        case missing
    }

    enum Failure: Error, Equatable {
        case unknownProfile(String)
        case circularReference(String)
    }

    /// `conditions` resolves references; a reference that is missing or leads back is a failure (the
    /// validator refuses such profiles at save time; this keeps a damaged database from looping).
    init(_ condition: RiskCondition, conditions: [String: RiskCondition], visiting: Set<String> = []) throws(Failure) {
        switch condition {
        case .all(let parts): self = .all(try Self.compile(parts, conditions, visiting))
        case .any(let parts): self = .any(try Self.compile(parts, conditions, visiting))
        case .not(let inner): self = .not(try CompiledRiskCondition(inner, conditions: conditions, visiting: visiting))
        case .profile(let id):
            guard !visiting.contains(id) else { throw .circularReference(id) }
            guard let referenced = conditions[id] else { throw .unknownProfile(id) }
            self = try CompiledRiskCondition(referenced, conditions: conditions, visiting: visiting.union([id]))
        case .test(let test):
            self = .test(Test(test))
        }
    }

    private static func compile(_ parts: [RiskCondition], _ conditions: [String: RiskCondition], _ visiting: Set<String>) throws(Failure) -> [CompiledRiskCondition] {
        var compiled: [CompiledRiskCondition] = []
        for part in parts { compiled.append(try CompiledRiskCondition(part, conditions: conditions, visiting: visiting)) }
        return compiled
    }

    /// Whether any test reads an item field: then the condition is evaluated once per item.
    var readsItems: Bool {
        switch self {
        case .all(let parts), .any(let parts): parts.contains(where: \.readsItems)
        case .not(let inner): inner.readsItems
        case .test(let test): test.field.isItemField
        }
    }

    /// Loops over indices rather than closures or iterators: parts are then read in place, not copied
    /// and reference-counted, which is most of the cost of a candidate profile.
    func holds(_ input: RiskInput, item: Int?) -> Bool {
        switch self {
        case .all(let parts):
            for index in parts.indices where !parts[index].holds(input, item: item) { return false }
            return true
        case .any(let parts):
            for index in parts.indices where parts[index].holds(input, item: item) { return true }
            return false
        case .not(let inner): return !inner.holds(input, item: item)
        case .test(let test): return test.holds(input, item: item)
        }
    }

    /// The tests that made the condition hold (run only for a profile that fired).
    func evidence(_ input: RiskInput, item: Int?, negated: Bool = false, into evidence: inout [RiskHit.Evidence]) {
        switch self {
        case .all(let parts):
            if negated {
                if let failing = parts.first(where: { !$0.holds(input, item: item) }) { failing.evidence(input, item: item, negated: true, into: &evidence) }
            } else {
                for part in parts { part.evidence(input, item: item, into: &evidence) }
            }
        case .any(let parts):
            if negated {
                for part in parts { part.evidence(input, item: item, negated: true, into: &evidence) }
            } else if let holding = parts.first(where: { $0.holds(input, item: item) }) {
                holding.evidence(input, item: item, into: &evidence)
            }
        case .not(let inner):
            inner.evidence(input, item: item, negated: !negated, into: &evidence)
        case .test(let test):
            let itemField = test.field.isItemField
            evidence.append(RiskHit.Evidence(field: test.field, value: test.value(input, item: item), test: negated ? "not \(test.text)" : test.text,
                                             item: itemField ? item.map { $0 + 1 } : nil))
        }
    }
}

extension CompiledRiskCondition.Test {
    init(_ test: RiskTest) {
        func number(_ value: Decimal) -> Double { DecimalText.double(value) }
        field = test.field
        switch test.comparison {
        case .startsWith(let prefixes):
            check = .prefixes(prefixes.map { (RiskInput.Item.digits(of: $0).0, $0.utf8.count) })
            text = "startsWith \(prefixes.joined(separator: ", "))"
        case .oneOf(let values):
            let upper = values.map { $0.uppercased() }
            check = .oneOf(upper); text = "in \(upper.joined(separator: ", "))"
        case .below(let value): check = .below(number(value)); text = "below \(value)"
        case .above(let value): check = .above(number(value)); text = "above \(value)"
        case .between(let low, let high): check = .between(number(low), number(high)); text = "between \(low) and \(high)"
        case .outside(let low, let high): check = .outside(number(low), number(high)); text = "outside \(low)–\(high)"
        case .is(let flag): check = .flag(flag); text = "is \(flag)"
        case .lacks(let code): check = .lacks(code); text = "lacks \(code)"
        case .missing: check = .missing; text = "missing"
        }
    }

    func text(_ input: RiskInput, item: Int?) -> String? { Self.text(field, input, item: item) }
    func number(_ input: RiskInput, item: Int?) -> Double? { Self.number(field, input, item: item) }
    func flag(_ input: RiskInput) -> Bool { Self.flag(field, input) }

    /// What the declaration (or its item `item`) has in a text field; shared with ``RiskConditionProgram``.
    static func text(_ field: RiskField, _ input: RiskInput, item: Int?) -> String? {
        switch field {
        case .commodityCode: return item.flatMap { input.items[$0].code }
        case .originCountry: return item.flatMap { input.items[$0].origin }
        case .dispatchCountry: return input.dispatchCountry
        case .destinationCountry: return input.destinationCountry
        case .declarant: return input.declarant
        case .consignor: return input.consignor
        case .consignee: return input.consignee
        case .procedure: return input.procedure
        case .office: return input.office
        case .transportMode: return input.transportMode
        default: return nil
        }
    }

    static func number(_ field: RiskField, _ input: RiskInput, item: Int?) -> Double? {
        switch field {
        case .valuePerKg: return item.flatMap { input.items[$0].valuePerKg }
        case .netToGross: return item.flatMap { input.items[$0].netToGross }
        case .massPerUnit: return item.flatMap { input.items[$0].massPerUnit }
        case .supplementaryQuantity: return item.flatMap { input.items[$0].supplementaryQuantity }
        case .mirrorGap: return item.flatMap { input.items[$0].mirrorGap }
        case .violationShare: return input.compliance.violationShare
        case .controls: return Double(input.compliance.controls)
        case .riskScore: return input.score
        default: return nil
        }
    }

    static func flag(_ field: RiskField, _ input: RiskInput) -> Bool {
        field == .aeo ? input.compliance.aeo != .none : input.isNewTrader
    }

    func holds(_ input: RiskInput, item: Int?) -> Bool {
        switch check {
        case .prefixes(let prefixes):
            guard let item else { return false }
            return prefixes.contains { input.items[item].codeStarts(with: $0.digits, length: $0.length) }
        case .oneOf(let values):
            guard let value = text(input, item: item) else { return false }
            return values.contains(value)
        case .below(let limit): return number(input, item: item).map { $0 < limit } ?? false
        case .above(let limit): return number(input, item: item).map { $0 > limit } ?? false
        case .between(let low, let high): return number(input, item: item).map { $0 >= low && $0 <= high } ?? false
        case .outside(let low, let high): return number(input, item: item).map { $0 < low || $0 > high } ?? false
        case .missing: return number(input, item: item) == nil
        case .flag(let expected): return flag(input) == expected
        case .lacks(let code):
            guard let item else { return false }
            return !input.items[item].documents.contains(code)
        }
    }

    /// What the declaration has in the tested field, as text for the evidence.
    func value(_ input: RiskInput, item: Int?) -> String {
        switch field.kind {
        case .code, .country, .text: return text(input, item: item) ?? "—"
        case .number: return number(input, item: item).map(Self.fourFigures) ?? "—"
        case .flag: return String(flag(input))
        case .documents: return item.map { input.items[$0].documents.joined(separator: ", ") } ?? "—"
        }
    }

    /// Four significant figures, as the evidence shows a number (38.73, 0.9231, 1200.0): `String(format:)` costs microseconds on Linux.
    static func fourFigures(_ value: Double) -> String {
        guard value.isFinite, value != 0 else { return String(value) }
        let decimals = max(0, 3 - Int(log10(abs(value)).rounded(.down)))
        let scale = pow(10, Double(min(decimals, 12)))
        return String((value * scale).rounded() / scale)
    }
}
