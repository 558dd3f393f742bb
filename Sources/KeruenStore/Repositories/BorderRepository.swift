import Foundation
import KeruenCore
import SQLKit

/// What the border checkpoints' devices report, the alerts the control centre handles, the vehicle
/// limits readings are judged by and the checkpoints' electronic queue.
public struct BorderRepository: Sendable {
    let sql: any SQLDatabase

    // MARK: Device events

    /// An event as kept: which device at which checkpoint sent it, and what it was matched to. The plate and
    /// the reading's JSON are worked out when it is made, before the write transaction that keeps it.
    public struct StoredEvent: Sendable {
        public var device: String
        public var checkpoint: String
        public var event: DeviceEvent
        public var movementID: String?
        public let plate: String?
        let reading: String

        public init(device: String, checkpoint: String, event: DeviceEvent, movementID: String?) {
            self.device = device
            self.checkpoint = checkpoint
            self.event = event
            self.movementID = movementID
            plate = event.plate
            reading = event.reading.storedJSON
        }
    }

    /// The statement that keeps the events a device has not sent before, prepared outside the write
    /// transaction (``PreparedStatement``); run it with ``insert(_:)``.
    public func insertion(of events: [StoredEvent], at now: Date) -> PreparedStatement? {
        guard !events.isEmpty else { return nil }
        let received = now.microsecondsSince1970
        var values: [StatementValue] = []
        values.reserveCapacity(events.count * 9)
        for stored in events {
            let event = stored.event
            values += [.text(stored.device), .text(event.eventID), .text(stored.checkpoint), .text(event.kind), .integer(event.time.microsecondsSince1970),
                       .integer(received), StatementValue(stored.plate), StatementValue(stored.movementID), .text(stored.reading)]
        }
        return sql.prepareInsert("INSERT INTO device_events (device, event_id, checkpoint, kind, at, received_at, plate, movement_id, reading)",
                                     columns: 9, values: values, tail: "ON CONFLICT (device, event_id) DO NOTHING RETURNING event_id")
    }

    /// Keeps the events of an ``insertion(of:at:)``; answers the ids that are new.
    public func insert(_ insertion: PreparedStatement?) async throws -> Set<String> {
        guard let insertion else { return [] }
        return Set(try await sql.rows(of: insertion).map { try $0.decode(column: "event_id", as: String.self) })
    }

    /// The limit sets in force over time.
    public func vehicleLimits() async throws -> [VehicleLimits] {
        try await sql.raw("SELECT valid_from, gross_kg_by_axles, axle_kg, length_m, width_m, height_m FROM vehicle_limits").all().map { row in
            let gross = try row.decode(json: "gross_kg_by_axles", as: [String: Double].self)
            return VehicleLimits(validFrom: try row.decode(column: "valid_from", parsing: CustomsDay.init(iso:)),
                                 grossKgByAxles: Dictionary(uniqueKeysWithValues: gross.compactMap { key, value in Int(key).map { ($0, value) } }),
                                 axleKg: try row.decode(column: "axle_kg", as: Double.self), lengthM: try row.decode(column: "length_m", as: Double.self),
                                 widthM: try row.decode(column: "width_m", as: Double.self), heightM: try row.decode(column: "height_m", as: Double.self))
        }
    }

    /// A new set of limits from its day on (replacing a set of the same day).
    public func setVehicleLimits(_ limits: VehicleLimits) async throws {
        let gross = try StoredJSON.text(Dictionary(uniqueKeysWithValues: limits.grossKgByAxles.map { (String($0.key), $0.value) }))
        try await sql.raw("DELETE FROM vehicle_limits WHERE valid_from = \(bind: limits.validFrom.description)").run()
        try await sql.raw("""
            INSERT INTO vehicle_limits (valid_from, gross_kg_by_axles, axle_kg, length_m, width_m, height_m)
            VALUES (\(bind: limits.validFrom.description), \(bind: gross), \(bind: limits.axleKg), \(bind: limits.lengthM), \(bind: limits.widthM), \(bind: limits.heightM))
            """).run()
    }

    /// Which of these plates travel under a goods declaration in control or released since `since`.
    public func declaredPlates(_ plates: [String], since: Date) async throws -> Set<String> {
        guard !plates.isEmpty else { return [] }
        return Set(try await sql.raw("""
            SELECT DISTINCT vehicle_plate FROM declarations WHERE vehicle_plate IN (\(SQLList(plates.map { SQLBind($0) })))
              AND status IN ('registered', 'released') AND registered_at >= \(bind: since.microsecondsSince1970)
            """).all().map { try $0.decode(column: "vehicle_plate", as: String.self) })
    }

    /// A movement's GPS positions in their own time order (not the order they arrived in).
    public func track(movementID: String) async throws -> [(at: Date, point: GeoPoint)] {
        try await sql.raw("""
            SELECT at, reading FROM device_events WHERE movement_id = \(bind: movementID) AND kind = 'position' ORDER BY at
            """).all().compactMap { row in
            guard case .position(_, let point) = try row.decode(json: "reading", as: DeviceEvent.Reading.self) else { return nil }
            return (Date(microsecondsSince1970: try row.decode(column: "at", as: Int64.self)), point)
        }
    }

    /// When a movement's electronic seals last reported (a state or a position), by the reports' own time: read
    /// backwards along the movement's index from its newest event (`MAX(at)` with the kind condition read every one).
    public func lastHeard(movementID: String) async throws -> Date? {
        try await sql.raw("""
            SELECT at FROM device_events WHERE movement_id = \(bind: movementID) AND kind IN ('seal', 'position') ORDER BY at DESC LIMIT 1
            """).first().map { Date(microsecondsSince1970: try $0.decode(column: "at", as: Int64.self)) }
    }

    /// Whether the movement has an alert of this rule not yet resolved.
    public func hasOpenAlert(movementID: String, rule: CheckpointAlert.Rule) async throws -> Bool {
        try await sql.raw("""
            SELECT id FROM control_alerts WHERE movement_id = \(bind: movementID) AND rule = \(bind: rule.rawValue) AND status <> 'resolved' LIMIT 1
            """).first() != nil
    }

    /// A movement's events, newest first (seal states, weighings, plate reads…).
    public func events(movementID: String, limit: Int) async throws -> [StoredEvent] {
        try await storedEvents(where: "movement_id = \(bind: movementID) AND kind <> 'position'", limit: limit)
    }

    /// A checkpoint's latest events by their own time (of those that arrived in the last hour, or the latest to arrive).
    public func events(checkpoint: String, limit: Int) async throws -> [StoredEvent] {
        guard let last = try await sql.raw("SELECT MAX(received_at) AS last FROM device_events WHERE checkpoint = \(bind: checkpoint)").first()?
            .decode(column: "last", as: Int64?.self) else { return [] }
        return try await storedEvents(where: "checkpoint = \(bind: checkpoint) AND received_at >= \(bind: last - 3_600_000_000)", limit: limit)
    }

    private func storedEvents(where condition: SQLQueryString, limit: Int) async throws -> [StoredEvent] {
        try await sql.raw("SELECT device, event_id, checkpoint, at, movement_id, reading FROM device_events WHERE " + condition
                          + " ORDER BY at DESC LIMIT \(bind: limit)").all().map { row in
            StoredEvent(device: try row.decode(column: "device", as: String.self), checkpoint: try row.decode(column: "checkpoint", as: String.self),
                        event: DeviceEvent(eventID: try row.decode(column: "event_id", as: String.self),
                                           time: Date(microsecondsSince1970: try row.decode(column: "at", as: Int64.self)),
                                           reading: try row.decode(json: "reading", as: DeviceEvent.Reading.self)),
                        movementID: try row.decode(column: "movement_id", as: String?.self))
        }
    }

    /// How late after its own time an event may arrive and still be counted in its hour (devices resend after outages).
    static let lateness: TimeInterval = 6 * 3_600

    /// Plate reads at a checkpoint's arrival cameras per hour (hour start → count) between two moments.
    public func trafficPerHour(checkpoint: String, from: Date, to: Date) async throws -> [Date: Int] {
        let hour: Int64 = 3_600_000_000
        var counts: [Date: Int] = [:]
        for row in try await sql.raw("""
            SELECT (at / \(unsafeRaw: String(hour))) AS hour, COUNT(*) AS n FROM device_events
            WHERE checkpoint = \(bind: checkpoint) AND received_at >= \(bind: from.microsecondsSince1970) AND received_at < \(bind: (to + Self.lateness).microsecondsSince1970)
              AND kind = 'plate' AND at >= \(bind: from.microsecondsSince1970) AND at < \(bind: to.microsecondsSince1970)
            GROUP BY (at / \(unsafeRaw: String(hour)))
            """).all() {
            counts[Date(microsecondsSince1970: try row.decode(column: "hour", as: Int64.self) * hour)] = try row.decode(column: "n", as: Int.self)
        }
        return counts
    }

    // MARK: Alerts

    /// Keeps raised alerts (one statement per thousand: SQLite takes at most 32,766 values in one).
    public func insert(_ alerts: [ControlAlert]) async throws {
        for chunk in alerts.chunked(into: 1_000) { try await insert(chunk) }
    }

    private func insert(_ alerts: ArraySlice<ControlAlert>) async throws {
        var rows: [SQLQueryString] = []
        for alert in alerts {
            rows.append("""
                (\(bind: alert.id), \(bind: alert.alert.rule.rawValue), \(bind: alert.checkpoint), \(bind: alert.movementID), \(bind: alert.plate), \
                \(bind: alert.device), \(bind: alert.eventID), \(bind: alert.at.microsecondsSince1970), \(bind: alert.raisedAt.microsecondsSince1970), \
                \(bind: try StoredJSON.text(alert.alert.values)), \(bind: alert.status.rawValue))
                """)
        }
        try await sql.raw("""
            INSERT INTO control_alerts (id, rule, checkpoint, movement_id, plate, device, event_id, at, raised_at, evidence, status) VALUES
            """ + " " + rows.joined(separator: ", ")).run()
    }

    public func alert(id: String) async throws -> ControlAlert? {
        try await alerts(where: "id = \(bind: id)", limit: 1).first
    }

    /// Writes an alert's handling.
    public func update(_ alert: ControlAlert) async throws {
        try await sql.raw("""
            UPDATE control_alerts SET status = \(bind: alert.status.rawValue), assignee = \(bind: alert.assignee), acknowledged_by = \(bind: alert.acknowledgedBy),
                   acknowledged_at = \(bind: alert.acknowledgedAt?.microsecondsSince1970), resolved_by = \(bind: alert.resolvedBy),
                   resolved_at = \(bind: alert.resolvedAt?.microsecondsSince1970), note = \(bind: alert.note)
            WHERE id = \(bind: alert.id)
            """).run()
    }

    /// Alerts newest first: those not resolved (or all), at one checkpoint or of one movement if given.
    public func alerts(unresolvedOnly: Bool, checkpoint: String?, movementID: String?, limit: Int) async throws -> [ControlAlert] {
        var conditions: [SQLQueryString] = [unresolvedOnly ? "status <> 'resolved'" : "1 = 1"]
        if let checkpoint { conditions.append("checkpoint = \(bind: checkpoint)") }
        if let movementID { conditions.append("movement_id = \(bind: movementID)") }
        return try await alerts(where: conditions.joined(separator: " AND "), limit: limit)
    }

    private func alerts(where condition: SQLQueryString, limit: Int) async throws -> [ControlAlert] {
        try await sql.raw("""
            SELECT id, rule, checkpoint, movement_id, plate, device, event_id, at, raised_at, evidence, status, assignee, acknowledged_by, acknowledged_at,
                   resolved_by, resolved_at, note FROM control_alerts WHERE
            """ + " " + condition + " ORDER BY raised_at DESC, id DESC LIMIT \(bind: limit)").all().map { row in
            func date(_ column: String) throws -> Date? { try row.decode(column: column, as: Int64?.self).map(Date.init(microsecondsSince1970:)) }
            var alert = ControlAlert(id: try row.decode(column: "id", as: String.self),
                                     alert: CheckpointAlert(try row.decode(column: "rule", parsing: CheckpointAlert.Rule.init(rawValue:)),
                                                            try row.decode(json: "evidence", as: [String: String].self)),
                                     checkpoint: try row.decode(column: "checkpoint", as: String?.self),
                                     movementID: try row.decode(column: "movement_id", as: String?.self), plate: try row.decode(column: "plate", as: String?.self),
                                     device: try row.decode(column: "device", as: String?.self), eventID: try row.decode(column: "event_id", as: String?.self),
                                     at: try date("at")!, raisedAt: try date("raised_at")!)
            alert.status = try row.decode(column: "status", parsing: ControlAlert.Status.init(rawValue:))
            alert.assignee = try row.decode(column: "assignee", as: String?.self)
            alert.acknowledgedBy = try row.decode(column: "acknowledged_by", as: String?.self)
            alert.acknowledgedAt = try date("acknowledged_at")
            alert.resolvedBy = try row.decode(column: "resolved_by", as: String?.self)
            alert.resolvedAt = try date("resolved_at")
            alert.note = try row.decode(column: "note", as: String?.self)
            return alert
        }
    }

    /// Changes whenever a movement changes, an alert is raised or an alert is handled: what the control
    /// centre's live page compares (all three read from indexes).
    public func controlMark() async throws -> String {
        guard let row = try await sql.raw("""
            SELECT (SELECT MAX(updated_at) FROM transit_movements) AS movements, (SELECT MAX(id) FROM control_alerts) AS alerts,
                   (SELECT COUNT(*) FROM control_alerts WHERE status <> 'open') AS handled
            """).first() else { return "" }
        return "\(try row.decode(column: "movements", as: Int64?.self) ?? 0).\(try row.decode(column: "alerts", as: String?.self) ?? "").\(try row.decode(column: "handled", as: Int.self))"
    }

    // MARK: Electronic queue

    /// Capacities set by administrators, by checkpoint.
    public func capacities() async throws -> [String: Int] {
        var found: [String: Int] = [:]
        for row in try await sql.raw("SELECT checkpoint, trucks_per_hour FROM checkpoint_capacities").all() {
            found[try row.decode(column: "checkpoint", as: String.self)] = try row.decode(column: "trucks_per_hour", as: Int.self)
        }
        return found
    }

    public func setCapacity(_ trucksPerHour: Int, checkpoint: String, by actor: String, at now: Date) async throws {
        try await sql.raw("DELETE FROM checkpoint_capacities WHERE checkpoint = \(bind: checkpoint)").run()
        try await sql.raw("""
            INSERT INTO checkpoint_capacities (checkpoint, trucks_per_hour, set_by, set_at)
            VALUES (\(bind: checkpoint), \(bind: trucksPerHour), \(bind: actor), \(bind: now.microsecondsSince1970))
            """).run()
    }

    public func insert(_ entry: QueueEntry) async throws {
        try await insert([entry])
    }

    /// Several entries in one statement (vehicles arriving without a booking, a batch's worth).
    public func insert(_ entries: [QueueEntry]) async throws {
        for chunk in entries.chunked(into: 1_000) {
            let rows: [SQLQueryString] = chunk.map { entry in
                """
                (\(bind: entry.id), \(bind: entry.checkpoint), \(bind: entry.direction.rawValue), \(bind: entry.plate), \
                \(bind: entry.slotStart?.microsecondsSince1970), \(bind: entry.carrierBIN), \(bind: entry.status.rawValue), \
                \(bind: entry.createdAt.microsecondsSince1970), \(bind: entry.arrivedAt?.microsecondsSince1970), \(bind: entry.departedAt?.microsecondsSince1970))
                """
            }
            try await sql.raw("""
                INSERT INTO queue_entries (id, checkpoint, direction, plate, slot_start, carrier_bin, status, created_at, arrived_at, departed_at) VALUES
                """ + " " + rows.joined(separator: ", ")).run()
        }
    }

    public func update(_ entry: QueueEntry) async throws {
        try await sql.raw("""
            UPDATE queue_entries SET status = \(bind: entry.status.rawValue), arrived_at = \(bind: entry.arrivedAt?.microsecondsSince1970),
                   departed_at = \(bind: entry.departedAt?.microsecondsSince1970) WHERE id = \(bind: entry.id)
            """).run()
    }

    /// Bookings that hold a slot (booked, waiting or passed — not lapsed or cancelled).
    public func slotsTaken(checkpoint: String, direction: QueueEntry.Direction, slot: Date) async throws -> Int {
        try await sql.raw("""
            SELECT COUNT(*) AS n FROM queue_entries WHERE checkpoint = \(bind: checkpoint) AND direction = \(bind: direction.rawValue)
              AND slot_start = \(bind: slot.microsecondsSince1970) AND status IN ('booked', 'waiting', 'passed')
            """).first()?.decode(column: "n", as: Int.self) ?? 0
    }

    /// Slots taken per hour between two moments (hour start → bookings holding it).
    public func slotsTaken(checkpoint: String, direction: QueueEntry.Direction, from: Date, to: Date) async throws -> [Date: Int] {
        var taken: [Date: Int] = [:]
        for row in try await sql.raw("""
            SELECT slot_start, COUNT(*) AS n FROM queue_entries WHERE checkpoint = \(bind: checkpoint) AND direction = \(bind: direction.rawValue)
              AND slot_start >= \(bind: from.microsecondsSince1970) AND slot_start < \(bind: to.microsecondsSince1970)
              AND status IN ('booked', 'waiting', 'passed') GROUP BY slot_start
            """).all() {
            taken[Date(microsecondsSince1970: try row.decode(column: "slot_start", as: Int64.self))] = try row.decode(column: "n", as: Int.self)
        }
        return taken
    }

    /// The plate's entries still open (booked or waiting) at a checkpoint.
    public func openEntries(plate: String, checkpoint: String) async throws -> [QueueEntry] {
        try await openEntries(plates: [plate], checkpoint: checkpoint)[plate] ?? []
    }

    /// These plates' entries still open (booked or waiting) at a checkpoint, by plate, oldest first.
    public func openEntries(plates: [String], checkpoint: String) async throws -> [String: [QueueEntry]] {
        guard !plates.isEmpty else { return [:] }
        return Dictionary(grouping: try await entries(where: """
            plate IN (\(SQLList(plates.map { SQLBind($0) }))) AND checkpoint = \(bind: checkpoint) AND status IN ('booked', 'waiting')
            """, order: "created_at"), by: \.plate)
    }

    /// The vehicles waiting at a checkpoint in one direction, in the order they arrived.
    public func waiting(checkpoint: String, direction: QueueEntry.Direction) async throws -> [QueueEntry] {
        try await entries(where: "checkpoint = \(bind: checkpoint) AND direction = \(bind: direction.rawValue) AND status = 'waiting'", order: "arrived_at")
    }

    public func entry(id: String) async throws -> QueueEntry? {
        try await entries(where: "id = \(bind: id)", order: "id").first
    }

    public func bookings(carrierBIN: String, limit: Int) async throws -> [QueueEntry] {
        try await entries(where: "carrier_bin = \(bind: carrierBIN)", order: "slot_start DESC", limit: limit)
    }

    /// Bookings whose slot started before `cutoff` and whose vehicle never came become no-shows, freeing their slot; answers them.
    public func lapseBookings(before cutoff: Date) async throws -> [QueueEntry] {
        let lapsed = try await entries(where: "status = 'booked' AND slot_start < \(bind: cutoff.microsecondsSince1970)", order: "slot_start", limit: 1000)
        for entry in lapsed {
            try await sql.raw("UPDATE queue_entries SET status = 'no-show' WHERE id = \(bind: entry.id) AND status = 'booked'").run()
        }
        return lapsed
    }

    private func entries(where condition: SQLQueryString, order: String, limit: Int = 5000) async throws -> [QueueEntry] {
        try await sql.raw("""
            SELECT id, checkpoint, direction, plate, slot_start, carrier_bin, status, created_at, arrived_at, departed_at FROM queue_entries WHERE
            """ + " " + condition + " ORDER BY \(unsafeRaw: order) LIMIT \(bind: limit)").all().map { row in
            func date(_ column: String) throws -> Date? { try row.decode(column: column, as: Int64?.self).map(Date.init(microsecondsSince1970:)) }
            return QueueEntry(id: try row.decode(column: "id", as: String.self), checkpoint: try row.decode(column: "checkpoint", as: String.self),
                              direction: try row.decode(column: "direction", parsing: QueueEntry.Direction.init(rawValue:)),
                              plate: try row.decode(column: "plate", as: String.self), slotStart: try date("slot_start"),
                              carrierBIN: try row.decode(column: "carrier_bin", as: String?.self),
                              status: try row.decode(column: "status", parsing: QueueEntry.Status.init(rawValue:)),
                              createdAt: try date("created_at")!, arrivedAt: try date("arrived_at"), departedAt: try date("departed_at"))
        }
    }
}
