import Foundation

/// One reading a checkpoint device sends. `eventID` is the device's own: a batch resent after a timeout
/// carries the same ids, so each event is counted once; `time` is the device's, and events are placed by
/// it, not by when they arrived.
public struct DeviceEvent: Sendable, Equatable {
    public var eventID: String
    public var time: Date
    public var reading: Reading

    public enum Reading: Sendable, Equatable {
        /// A licence-plate camera's read, with the camera's confidence (0–1).
        case plate(camera: String, lane: Int, plate: String, confidence: Double)
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

    public enum SealState: String, Sendable, Codable, CaseIterable {
        case intact
        case opened
        case signalLost = "signal-lost"
        case batteryLow = "battery-low"
    }

    public init(eventID: String, time: Date, reading: Reading) {
        self.eventID = eventID
        self.time = time
        self.reading = reading
    }
}
