import Foundation

/// One test of a risk condition: a field and a comparison, written as JSON
/// `{"field": "commodityCode", "startsWith": ["6403"]}`, `{"field": "valuePerKg", "below": 8.5}`,
/// `{"field": "documents", "lacks": "01401"}`, `{"field": "aeo", "is": false}`.
public struct RiskTest: Sendable, Equatable {
    public var field: RiskField
    public var comparison: Comparison

    public init(_ field: RiskField, _ comparison: Comparison) {
        self.field = field
        self.comparison = comparison
    }

    public enum Comparison: Sendable, Equatable {
        /// Code prefixes of 2, 4, 6, 8 or 10 digits.
        case startsWith([String])
        case oneOf([String])
        case below(Decimal)
        case above(Decimal)
        case between(Decimal, Decimal)
        case outside(Decimal, Decimal)
        case `is`(Bool)
        /// No document of this code is presented.
        case lacks(String)
        /// The number is not declared.
        case missing

        var name: String {
            switch self {
            case .startsWith: "startsWith"
            case .oneOf: "in"
            case .below: "below"
            case .above: "above"
            case .between: "between"
            case .outside: "outside"
            case .is: "is"
            case .lacks: "lacks"
            case .missing: "missing"
            }
        }

        /// Whether this comparison makes sense for a field of this kind.
        func applies(to kind: RiskField.Kind) -> Bool {
            switch (self, kind) {
            case (.startsWith, .code), (.oneOf, .country), (.oneOf, .text), (.is, .flag), (.lacks, .documents): true
            case (.below, .number), (.above, .number), (.between, .number), (.outside, .number), (.missing, .number): true
            default: false
            }
        }
    }
}

extension RiskTest: Codable {
    private enum Key: String, CodingKey, CaseIterable {
        case field, startsWith, `in`, below, above, between, outside, `is`, lacks, missing
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        let fieldName = try container.decode(String.self, forKey: .field)
        guard let field = RiskField(rawValue: fieldName) else {
            throw DecodingError.dataCorruptedError(forKey: .field, in: container, debugDescription: "unknown-field")
        }
        let comparisons = container.allKeys.filter { $0 != .field }
        guard comparisons.count == 1, let key = comparisons.first else {
            throw DecodingError.dataCorruptedError(forKey: .field, in: container, debugDescription: "one-comparison")
        }
        func range() throws -> (Decimal, Decimal) {
            let bounds = try container.decode([Decimal].self, forKey: key)
            guard bounds.count == 2, bounds[0] <= bounds[1] else {
                throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: "range")
            }
            return (bounds[0], bounds[1])
        }
        let comparison: Comparison
        switch key {
        case .field: preconditionFailure("filtered out above")
        case .startsWith: comparison = .startsWith(try container.decode([String].self, forKey: key))
        case .in: comparison = .oneOf(try container.decode([String].self, forKey: key))
        case .below: comparison = .below(try container.decode(Decimal.self, forKey: key))
        case .above: comparison = .above(try container.decode(Decimal.self, forKey: key))
        case .between: let (low, high) = try range(); comparison = .between(low, high)
        case .outside: let (low, high) = try range(); comparison = .outside(low, high)
        case .is: comparison = .is(try container.decode(Bool.self, forKey: key))
        case .lacks: comparison = .lacks(try container.decode(String.self, forKey: key))
        case .missing:
            guard try container.decode(Bool.self, forKey: key) else {
                throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: "missing-true")
            }
            comparison = .missing
        }
        self.init(field, comparison)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(field.rawValue, forKey: .field)
        switch comparison {
        case .startsWith(let prefixes): try container.encode(prefixes, forKey: .startsWith)
        case .oneOf(let values): try container.encode(values, forKey: .in)
        case .below(let value): try container.encode(value, forKey: .below)
        case .above(let value): try container.encode(value, forKey: .above)
        case .between(let low, let high): try container.encode([low, high], forKey: .between)
        case .outside(let low, let high): try container.encode([low, high], forKey: .outside)
        case .is(let flag): try container.encode(flag, forKey: .is)
        case .lacks(let code): try container.encode(code, forKey: .lacks)
        case .missing: try container.encode(true, forKey: .missing)
        }
    }
}
