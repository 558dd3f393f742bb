import Foundation

/// A transit movement (a transit declaration, procedure 80) as the offices on its route see it: released
/// at departure, passing the offices of transit, arriving and terminated at destination, then discharged.
/// Each event is checked against where the movement stands; a refused one changes nothing.
public struct TransitMovement: Sendable, Equatable {
    public let id: String
    public let departureOffice: String
    /// The offices of transit (border crossings), in route order.
    public let route: [String]
    public private(set) var destinationOffice: String
    /// How long the carrier has from release to arrival.
    public let timeAllowed: TimeInterval
    public private(set) var status: TransitStatus = .accepted
    /// Offices of transit passed, in the order they recorded it.
    public private(set) var passed: [String] = []
    public private(set) var releasedAt: Date?
    public private(set) var arrivedAt: Date?
    public private(set) var diversions: [Diversion] = []
    public private(set) var incidents: [TransitIncident] = []
    public private(set) var termination: Termination?

    public struct Diversion: Sendable, Equatable {
        public let from: String, to: String, reason: String, at: Date
    }

    public struct Termination: Sendable, Equatable {
        public let sealsIntact: Bool
        /// What differed from the declaration; nil for a termination without reservation.
        public let reservation: String?
        public let at: Date
    }

    public init(id: String, departureOffice: String, route: [String], destinationOffice: String, timeAllowed: TimeInterval) {
        self.id = id
        self.departureOffice = departureOffice
        self.route = route
        self.destinationOffice = destinationOffice
        self.timeAllowed = timeAllowed
    }

    /// When the goods must be at destination: set by the release.
    public var deadline: Date? { releasedAt.map { $0 + timeAllowed } }

    /// Offices of transit the movement has not been recorded at (shown to the control centre at arrival).
    public var unpassedOffices: [String] { route.filter { !passed.contains($0) } }

    public mutating func apply(_ event: TransitEvent, at time: Date) throws(TransitRefusal) {
        switch event {
        case .release:
            try expect(.accepted)
            status = .released
            releasedAt = time
        case .passage(let office):
            try expect(.released)
            guard route.contains(office), !passed.contains(office) else { throw .officeNotOnRoute }
            passed.append(office)
        case .diversion(let office, let reason):
            try expect(.released)
            guard office != destinationOffice else { throw .sameDestination }
            guard !reason.trimmingSpaces().isEmpty else { throw .reasonRequired }
            diversions.append(Diversion(from: destinationOffice, to: office, reason: reason, at: time))
            destinationOffice = office
        case .incident(let incident):
            guard status == .released || status == .arrived else { throw .outOfOrder }
            guard !incident.report.trimmingSpaces().isEmpty else { throw .reasonRequired }
            incidents.append(incident)
        case .arrival(let office):
            try expect(.released)
            guard office == destinationOffice else { throw .notTheDestination }
            status = .arrived
            arrivedAt = time
        case .termination(let sealsIntact, let reservation):
            try expect(.arrived)
            // A broken seal must be explained: it is a termination with reservation.
            if !sealsIntact && reservation?.trimmingSpaces().isEmpty != false { throw .reasonRequired }
            status = .terminated
            termination = Termination(sealsIntact: sealsIntact, reservation: reservation, at: time)
        case .discharge:
            try expect(.terminated)
            status = .discharged
        }
    }

    private func expect(_ wanted: TransitStatus) throws(TransitRefusal) {
        guard status == wanted else { throw .outOfOrder }
    }

    /// What the control centre must be told about a movement still on its way at `now`: overdue past its
    /// deadline, and a suspected false transit once `grace` has passed too (its guarantee is then called).
    public func alert(at now: Date, grace: TimeInterval) -> TransitAlert? {
        guard status == .released, let deadline, now > deadline else { return nil }
        return now > deadline + grace ? .suspectedFalseTransit : .overdue
    }
}

/// A transit movement's alert for the control centre.
public enum TransitAlert: String, Sendable, Codable, CaseIterable {
    case overdue
    case suspectedFalseTransit = "suspected-false-transit"
}
