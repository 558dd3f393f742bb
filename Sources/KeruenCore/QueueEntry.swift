import Foundation

/// A vehicle in a border checkpoint's electronic queue: booked for an hour's slot (or arrived without
/// one), checked in by the plate camera at arrival, gone past the control point at departure.
public struct QueueEntry: Sendable, Equatable {
    public enum Direction: String, Sendable, Codable, CaseIterable {
        /// Into Kazakhstan.
        case entry
        case exit
    }

    public enum Status: String, Sendable, Codable, CaseIterable {
        case booked
        /// Checked in at arrival, waiting in the queue.
        case waiting
        case passed
        case noShow = "no-show"
        case cancelled
    }

    public var id: String
    public var checkpoint: String
    public var direction: Direction
    public var plate: String
    /// The start of the booked hour; nil for a vehicle that came without a booking.
    public var slotStart: Date?
    public var carrierBIN: String?
    public var status: Status
    public var createdAt: Date
    public var arrivedAt: Date?
    public var departedAt: Date?

    public init(id: String, checkpoint: String, direction: Direction, plate: String, slotStart: Date?, carrierBIN: String?, status: Status,
                createdAt: Date, arrivedAt: Date? = nil, departedAt: Date? = nil) {
        self.id = id
        self.checkpoint = checkpoint
        self.direction = direction
        self.plate = plate
        self.slotStart = slotStart
        self.carrierBIN = carrierBIN
        self.status = status
        self.createdAt = createdAt
        self.arrivedAt = arrivedAt
        self.departedAt = departedAt
    }

    /// How early before its slot a booked vehicle may check in, and how late after the slot's start it
    /// may still come before its booking lapses (a no-show frees the slot).
    public static let earlyArrival: TimeInterval = 3_600
    public static let lateArrival: TimeInterval = 2 * 3_600
    /// How far ahead a slot may be booked.
    public static let bookingHorizon: TimeInterval = 30 * 86_400

    /// Whether a plate read at `time` checks in this booking.
    public func checksIn(at time: Date) -> Bool {
        guard status == .booked, let slotStart else { return false }
        return time >= slotStart - Self.earlyArrival && time <= slotStart + Self.lateArrival
    }

    /// The start of the hour that holds `time` (slots are whole hours, UTC-aligned; Kazakhstan's offsets are whole hours).
    public static func slot(containing time: Date) -> Date {
        Date(timeIntervalSince1970: (time.timeIntervalSince1970 / 3_600).rounded(.down) * 3_600)
    }

    /// The expected wait for a vehicle joining now behind `waiting` others, at `trucksPerHour`.
    public static func expectedWait(waiting: Int, trucksPerHour: Int) -> TimeInterval {
        guard trucksPerHour > 0 else { return 0 }
        return (Double(waiting) / Double(trucksPerHour) * 3_600).rounded()
    }
}
