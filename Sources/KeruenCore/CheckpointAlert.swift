import Foundation

/// An anomaly a checkpoint event shows, with the rule that found it and the evidence (what was measured
/// against what was allowed or declared), in English for the log; the portal words it from `rule` and `values`.
public struct CheckpointAlert: Sendable, Equatable {
    public enum Rule: String, Sendable, Codable, CaseIterable {
        case overweight
        case axleOverload = "axle-overload"
        case oversize
        case sealOpened = "seal-opened"
        case sealSilent = "seal-silent"
        case routeDeviation = "route-deviation"
        case radiation
        case plateMismatch = "plate-mismatch"
        case noOpenMovement = "no-open-movement"
        /// A movement past its time limit, then past the grace period too (its guarantee is called).
        case overdue
        case suspectedFalseTransit = "suspected-false-transit"
    }

    public var rule: Rule
    /// The figures of the evidence by name ("measured", "limit", "axle", "plate", "declared"…).
    public var values: [String: String]

    public init(_ rule: Rule, _ values: [String: String] = [:]) {
        self.rule = rule
        self.values = values
    }

    /// What a vehicle under transit is expected to be: its plates and its route; nil for a vehicle with no open movement.
    public struct Expectation: Sendable {
        public var plates: [String]
        public var route: [GeoPoint]

        public init(plates: [String], route: [GeoPoint]) {
            self.plates = plates
            self.route = route
        }
    }

    /// The alerts one event raises. `expected` is what the matched movement declared (nil: none open for
    /// the vehicle); `limits` the vehicle limits in force on the event's day; `routeTolerance` how far
    /// (metres) a position may be from the declared route.
    public static func raised(by event: DeviceEvent, expected: Expectation?, limits: VehicleLimits?, routeTolerance: Double) -> [CheckpointAlert] {
        switch event.reading {
        case .plate(_, _, let plate, _, let gate, let direction):
            let read = VehiclePlate.normalized(plate)
            // Only a vehicle arriving into the country must bring goods under a movement or declaration; trucks leaving may be empty.
            guard let expected else { return gate == .arrival && direction == .entry ? [CheckpointAlert(.noOpenMovement, ["plate": read])] : [] }
            guard !expected.plates.map(VehiclePlate.normalized).contains(read) else { return [] }
            return [CheckpointAlert(.plateMismatch, ["plate": read, "declared": expected.plates.joined(separator: ", ")])]
        case .weighing(let gross, let axles, let length, let width, let height):
            guard let limits else { return [] }
            var alerts: [CheckpointAlert] = []
            if let allowed = limits.grossKg(axles: axles.count), gross > allowed {
                alerts.append(CheckpointAlert(.overweight, ["measured": kg(gross), "limit": kg(allowed), "axles": String(axles.count)]))
            }
            for (index, load) in axles.enumerated() where load > limits.axleKg {
                alerts.append(CheckpointAlert(.axleOverload, ["axle": String(index + 1), "measured": kg(load), "limit": kg(limits.axleKg)]))
            }
            for (name, measured, limit) in [("length", length, limits.lengthM), ("width", width, limits.widthM), ("height", height, limits.heightM)] {
                if let measured, measured > limit {
                    alerts.append(CheckpointAlert(.oversize, ["dimension": name, "measured": String(measured), "limit": String(limit)]))
                }
            }
            return alerts
        case .seal(let sealID, let state):
            switch state {
            case .opened: return [CheckpointAlert(.sealOpened, ["seal": sealID])]
            case .signalLost: return [CheckpointAlert(.sealSilent, ["seal": sealID])]
            case .intact, .batteryLow: return []
            }
        case .position(let plate, let point):
            guard let expected, !expected.route.isEmpty else { return [] }
            let off = point.distance(toRoute: expected.route)
            guard off > routeTolerance else { return [] }
            return [CheckpointAlert(.routeDeviation, ["plate": VehiclePlate.normalized(plate), "metres": String(Int(off.rounded())),
                                                      "tolerance": String(Int(routeTolerance))])]
        case .radiation(let level, let alarm):
            return alarm ? [CheckpointAlert(.radiation, ["microsievertsPerHour": String(level)])] : []
        case .scan:
            return []
        }
    }

    private static func kg(_ value: Double) -> String { String(Int(value.rounded())) }
}
