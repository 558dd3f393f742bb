/// When a risk profile fires: tests combined with all / any / not, and references to the condition of
/// another profile (`{"profile": "RP-CN-SHOES"}`), so that a common condition is written once. As JSON:
/// `{"all": [{"field": "commodityCode", "startsWith": ["6403"]}, {"not": {"field": "aeo", "is": true}}]}`.
public indirect enum RiskCondition: Sendable, Equatable {
    case all([RiskCondition])
    case any([RiskCondition])
    case not(RiskCondition)
    case profile(String)
    case test(RiskTest)

    /// The ids of the profiles this condition refers to, directly.
    public var references: [String] {
        switch self {
        case .all(let parts), .any(let parts): parts.flatMap(\.references)
        case .not(let inner): inner.references
        case .profile(let id): [id]
        case .test: []
        }
    }

    /// Every test, with its JSON pointer below the condition.
    public func tests(at pointer: String = "") -> [(pointer: String, test: RiskTest)] {
        switch self {
        case .all(let parts): parts.enumerated().flatMap { $1.tests(at: "\(pointer)/all/\($0)") }
        case .any(let parts): parts.enumerated().flatMap { $1.tests(at: "\(pointer)/any/\($0)") }
        case .not(let inner): inner.tests(at: "\(pointer)/not")
        case .profile: []
        case .test(let test): [(pointer, test)]
        }
    }
}

extension RiskCondition: Codable {
    private enum Key: String, CodingKey {
        case all, any, not, profile, field
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        if container.contains(.field) {
            self = .test(try RiskTest(from: decoder))
        } else if container.contains(.all) {
            self = .all(try container.decode([RiskCondition].self, forKey: .all))
        } else if container.contains(.any) {
            self = .any(try container.decode([RiskCondition].self, forKey: .any))
        } else if container.contains(.not) {
            self = .not(try container.decode(RiskCondition.self, forKey: .not))
        } else if container.contains(.profile) {
            self = .profile(try container.decode(String.self, forKey: .profile))
        } else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "unknown-condition"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        switch self {
        case .all(let parts): try container.encode(parts, forKey: .all)
        case .any(let parts): try container.encode(parts, forKey: .any)
        case .not(let inner): try container.encode(inner, forKey: .not)
        case .profile(let id): try container.encode(id, forKey: .profile)
        case .test(let test): try test.encode(to: encoder)
        }
    }
}
