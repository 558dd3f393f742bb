import Foundation

/// One reading a checkpoint device sends. `eventID` is the device's own: a batch resent after a timeout
/// carries the same ids, so each event is counted once; `time` is the device's, and events are placed by
/// it, not by when they arrived.
public struct DeviceEvent: Sendable, Hashable {
    public var eventID: String
    public var time: Date
    public var reading: Reading
    /// The transit number shown with the vehicle, when the lane's reader scanned its document: the event is
    /// then judged against that movement (a plate read that is not one of its plates is a mismatch).
    public var reference: String?

    public enum Reading: Sendable, Hashable {
        /// A licence-plate camera's read, with the camera's confidence (0–1); the camera stands at the
        /// checkpoint's arrival (the queue's entrance) or its departure (past control), for traffic in `direction`.
        case plate(camera: String, lane: Int, plate: String, confidence: Double, gate: Gate = .arrival, direction: QueueEntry.Direction = .entry)
        /// Weigh-in-motion: gross mass, each axle's load (front to back), and the measured dimensions.
        case weighing(grossKg: Double, axleLoadsKg: [Double], lengthM: Double?, widthM: Double?, heightM: Double?)
        /// An electronic seal's state.
        case seal(sealID: String, state: SealState)
        /// A GPS position of a vehicle under transit (from its electronic navigation seal).
        case position(plate: String, point: GeoPoint)
        /// A radiation portal's reading, and whether it raised its alarm.
        case radiation(microsievertsPerHour: Double, alarm: Bool)
        /// A non-intrusive scan; the image is stored by its content hash.
        case scan(imageSHA256: String)
    }

    public enum Gate: String, Sendable, Codable, CaseIterable {
        case arrival, departure
    }

    /// The kind of reading, as stored and shown ("plate", "weighing"…).
    public var kind: String { reading.type }

    /// The vehicle the reading names, as cameras and declarations are compared.
    public var plate: String? {
        switch reading {
        case .plate(_, _, let plate, _, _, _), .position(let plate, _): VehiclePlate.normalized(plate)
        default: nil
        }
    }

    public enum SealState: String, Sendable, Codable, CaseIterable {
        case intact
        case opened
        case signalLost = "signal-lost"
        case batteryLow = "battery-low"
    }

    public init(eventID: String, time: Date, reading: Reading, reference: String? = nil) {
        self.eventID = eventID
        self.time = time
        self.reading = reading
        self.reference = reference
    }
}

/// A reading as the devices send it and as it is kept: flat, its `type` naming which fields it has.
extension DeviceEvent.Reading: Codable {
    public var type: String {
        switch self {
        case .plate: "plate"
        case .weighing: "weighing"
        case .seal: "seal"
        case .position: "position"
        case .radiation: "radiation"
        case .scan: "scan"
        }
    }

    /// The same JSON as `encode(to:)` writes, built directly: a checkpoint keeps tens of thousands of readings a
    /// second and JSONEncoder spent 6 % of ingestion on them. Numbers are finite (the batch validator sees to it).
    public var storedJSON: String {
        var json = #"{"type":"# + Self.text(type)
        func add(_ name: String, _ value: String) { json += ",\"" + name + "\":" + value }
        switch self {
        case .plate(let camera, let lane, let plate, let confidence, let gate, let direction):
            add("camera", Self.text(camera)); add("lane", String(lane)); add("plate", Self.text(plate)); add("confidence", confidence.description)
            add("gate", Self.text(gate.rawValue)); add("direction", Self.text(direction.rawValue))
        case .weighing(let gross, let axles, let length, let width, let height):
            add("grossKg", gross.description); add("axleLoadsKg", "[" + axles.map(\.description).joined(separator: ",") + "]")
            if let length { add("lengthM", length.description) }
            if let width { add("widthM", width.description) }
            if let height { add("heightM", height.description) }
        case .seal(let sealID, let state): add("sealId", Self.text(sealID)); add("state", Self.text(state.rawValue))
        case .position(let plate, let point): add("plate", Self.text(plate)); add("latitude", point.latitude.description); add("longitude", point.longitude.description)
        case .radiation(let level, let alarm): add("microsievertsPerHour", level.description); add("alarm", alarm ? "true" : "false")
        case .scan(let hash): add("imageSha256", Self.text(hash))
        }
        return json + "}"
    }

    /// A JSON string: quoted, with quotes, backslashes and control characters escaped.
    private static func text(_ value: String) -> String {
        guard value.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) else { return "\"" + value + "\"" }
        var escaped = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case let control where control.value < 0x20: escaped += String(format: "\\u%04x", control.value)
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped + "\""
    }

    /// The fields of an event as devices send it: its own, then its reading's.
    enum CodingKeys: String, CodingKey {
        case id, time, reference
        case type, camera, lane, plate, confidence, gate, direction, grossKg, axleLoadsKg, lengthM, widthM, heightM, sealId, state
        case latitude, longitude, microsievertsPerHour, alarm, imageSha256
    }

    /// The fields each type of reading must have.
    static let requiredFields: [String: [CodingKeys]] = [
        "plate": [.camera, .lane, .plate, .confidence], "weighing": [.grossKg, .axleLoadsKg], "seal": [.sealId, .state],
        "position": [.plate, .latitude, .longitude], "radiation": [.microsievertsPerHour, .alarm], "scan": [.imageSha256],
    ]

    public init(from decoder: any Decoder) throws {
        try self.init(from: decoder.container(keyedBy: CodingKeys.self))
    }

    /// Reads the fields its type names, and no others; lacking some, throws ``DeviceEvent/MissingFields`` naming them all.
    init(from c: KeyedDecodingContainer<CodingKeys>) throws {
        let type = try c.decode(String.self, forKey: .type)
        let missing = (Self.requiredFields[type] ?? []).filter { !c.contains($0) }
        if !missing.isEmpty { throw DeviceEvent.MissingFields(fields: missing.map(\.stringValue)) }
        switch type {
        case "plate":
            self = .plate(camera: try c.decode(String.self, forKey: .camera), lane: try c.decode(Int.self, forKey: .lane),
                          plate: try c.decode(String.self, forKey: .plate), confidence: try c.decode(Double.self, forKey: .confidence),
                          gate: try c.decodeIfPresent(DeviceEvent.Gate.self, forKey: .gate) ?? .arrival,
                          direction: try c.decodeIfPresent(QueueEntry.Direction.self, forKey: .direction) ?? .entry)
        case "weighing":
            self = .weighing(grossKg: try c.decode(Double.self, forKey: .grossKg), axleLoadsKg: try c.decode([Double].self, forKey: .axleLoadsKg),
                             lengthM: try c.decodeIfPresent(Double.self, forKey: .lengthM), widthM: try c.decodeIfPresent(Double.self, forKey: .widthM),
                             heightM: try c.decodeIfPresent(Double.self, forKey: .heightM))
        case "seal": self = .seal(sealID: try c.decode(String.self, forKey: .sealId), state: try c.decode(DeviceEvent.SealState.self, forKey: .state))
        case "position":
            self = .position(plate: try c.decode(String.self, forKey: .plate),
                             point: GeoPoint(latitude: try c.decode(Double.self, forKey: .latitude), longitude: try c.decode(Double.self, forKey: .longitude)))
        case "radiation":
            self = .radiation(microsievertsPerHour: try c.decode(Double.self, forKey: .microsievertsPerHour), alarm: try c.decode(Bool.self, forKey: .alarm))
        case "scan": self = .scan(imageSHA256: try c.decode(String.self, forKey: .imageSha256))
        case let other: throw DecodingError.dataCorruptedError(forKey: .type, in: c, debugDescription: "unknown reading type \(other)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .plate(let camera, let lane, let plate, let confidence, let gate, let direction):
            try c.encode("plate", forKey: .type)
            try c.encode(camera, forKey: .camera)
            try c.encode(lane, forKey: .lane)
            try c.encode(plate, forKey: .plate)
            try c.encode(confidence, forKey: .confidence)
            try c.encode(gate, forKey: .gate)
            try c.encode(direction, forKey: .direction)
        case .weighing(let gross, let axles, let length, let width, let height):
            try c.encode("weighing", forKey: .type)
            try c.encode(gross, forKey: .grossKg)
            try c.encode(axles, forKey: .axleLoadsKg)
            try c.encodeIfPresent(length, forKey: .lengthM)
            try c.encodeIfPresent(width, forKey: .widthM)
            try c.encodeIfPresent(height, forKey: .heightM)
        case .seal(let sealID, let state):
            try c.encode("seal", forKey: .type)
            try c.encode(sealID, forKey: .sealId)
            try c.encode(state, forKey: .state)
        case .position(let plate, let point):
            try c.encode("position", forKey: .type)
            try c.encode(plate, forKey: .plate)
            try c.encode(point.latitude, forKey: .latitude)
            try c.encode(point.longitude, forKey: .longitude)
        case .radiation(let level, let alarm):
            try c.encode("radiation", forKey: .type)
            try c.encode(level, forKey: .microsievertsPerHour)
            try c.encode(alarm, forKey: .alarm)
        case .scan(let hash):
            try c.encode("scan", forKey: .type)
            try c.encode(hash, forKey: .imageSha256)
        }
    }
}

/// An event as devices send it: its id, time and reference beside the fields of its reading, in one object.
extension DeviceEvent: Codable {
    /// The fields an event's type needs that it lacks, all of them, so that a device learns every problem at once.
    public struct MissingFields: Error {
        public let fields: [String]
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Reading.CodingKeys.self)
        // The time is read here rather than by the decoder's date strategy, so that an unreadable one is named by its path.
        guard let time = RFC3339DateTime.date(try c.decode(String.self, forKey: .time)) else {
            throw DecodingError.dataCorruptedError(forKey: .time, in: c, debugDescription: "not an RFC 3339 date-time")
        }
        self.init(eventID: try c.decode(String.self, forKey: .id), time: time, reading: try Reading(from: c),
                  reference: try c.decodeIfPresent(String.self, forKey: .reference))
    }

    public func encode(to encoder: any Encoder) throws {
        try reading.encode(to: encoder)
        var c = encoder.container(keyedBy: Reading.CodingKeys.self)
        try c.encode(eventID, forKey: .id)
        try c.encode(RFC3339DateTime.text(time), forKey: .time)
        try c.encodeIfPresent(reference, forKey: .reference)
    }
}
