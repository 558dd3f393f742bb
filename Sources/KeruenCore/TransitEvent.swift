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
