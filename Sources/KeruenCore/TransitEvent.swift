import Foundation

/// Something that happens to a transit movement on its way, in the order the route allows.
public enum TransitEvent: Sendable, Equatable {
    case release
    /// Passage at an office of transit (a border crossing) on the route.
    case passage(office: String)
    /// The carrier is allowed to present the goods at another office of destination.
    case diversion(to: String, reason: String)
    /// An incident en route (a seal broken by accident, transhipment…) with its report; the movement goes on.
    case incident(TransitIncident)
    case arrival(office: String)
    /// The check at destination: seals intact or not, goods as declared or not (a reservation says what differed).
    case termination(sealsIntact: Bool, reservation: String?)
    case discharge
}

/// An incident reported on the way, kept with the movement.
public struct TransitIncident: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case sealBroken = "seal-broken"
        case transhipment
        case accident
        case other
    }

    public var kind: Kind
    public var report: String
    /// The office or place where it was reported.
    public var place: String

    public init(kind: Kind, report: String, place: String) {
        self.kind = kind
        self.report = report
        self.place = place
    }
}

/// Kept in the movement's history as `{"kind": …, …}`; the movement is rebuilt by applying them in order.
extension TransitEvent: Codable {
    enum CodingKeys: String, CodingKey { case kind, office, reason, incident, sealsIntact, reservation }

    /// The event's name in the history and the audit trail.
    public var kind: String {
        switch self {
        case .release: "release"
        case .passage: "passage"
        case .diversion: "diversion"
        case .incident: "incident"
        case .arrival: "arrival"
        case .termination: "termination"
        case .discharge: "discharge"
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        switch try container.decode(String.self, forKey: .kind) {
        case "release": self = .release
        case "passage": self = .passage(office: try container.decode(String.self, forKey: .office))
        case "diversion": self = .diversion(to: try container.decode(String.self, forKey: .office), reason: try container.decode(String.self, forKey: .reason))
        case "incident": self = .incident(try container.decode(TransitIncident.self, forKey: .incident))
        case "arrival": self = .arrival(office: try container.decode(String.self, forKey: .office))
        case "termination":
            self = .termination(sealsIntact: try container.decode(Bool.self, forKey: .sealsIntact),
                                reservation: try container.decodeIfPresent(String.self, forKey: .reservation))
        case "discharge": self = .discharge
        case let other:
            throw DecodingError.dataCorruptedError(forKey: .kind, in: container, debugDescription: "unknown transit event \(other)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        switch self {
        case .release, .discharge: break
        case .passage(let office), .arrival(let office): try container.encode(office, forKey: .office)
        case .diversion(let office, let reason):
            try container.encode(office, forKey: .office)
            try container.encode(reason, forKey: .reason)
        case .incident(let incident): try container.encode(incident, forKey: .incident)
        case .termination(let sealsIntact, let reservation):
            try container.encode(sealsIntact, forKey: .sealsIntact)
            try container.encodeIfPresent(reservation, forKey: .reservation)
        }
    }
}
