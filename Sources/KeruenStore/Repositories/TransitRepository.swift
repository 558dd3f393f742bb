import Foundation
import KeruenCore
import SQLKit

/// Transit movements: the particulars as filed, the history of events the movement is rebuilt from,
/// the plates and seals devices are matched by, the guarantee reserved for each and the claims made.
/// A carnet's open operation is a unique column: a second one cannot start while it is open.
public struct TransitRepository: Sendable {
    let sql: any SQLDatabase

    /// A movement as stored: its particulars, where it stands (rebuilt from its history) and what secures it.
    public struct Record: Sendable {
        public var id: String
        public var number: String
        public var holderBIN: String
        public var particulars: TransitDeclaration
        public var movement: TransitMovement
        public var history: [(event: TransitEvent, at: Date, actor: String)]
        public var version: Int
        public var amount: Tenge
        public var guaranteeID: String?
        public var alert: TransitAlert?
        public var createdAt: Date
        public var createdBy: String

        public init(id: String, number: String, holderBIN: String, particulars: TransitDeclaration, movement: TransitMovement,
                    history: [(event: TransitEvent, at: Date, actor: String)], version: Int, amount: Tenge, guaranteeID: String?, alert: TransitAlert?,
                    createdAt: Date, createdBy: String) {
            self.id = id
            self.number = number
            self.holderBIN = holderBIN
            self.particulars = particulars
            self.movement = movement
            self.history = history
            self.version = version
            self.amount = amount
            self.guaranteeID = guaranteeID
            self.alert = alert
            self.createdAt = createdAt
            self.createdBy = createdBy
        }
    }

    /// A line of the control centre's list.
    public struct Summary: Sendable {
        public var id: String
        public var number: String
        public var holderBIN: String
        public var departureOffice: String
        public var destinationOffice: String
        public var status: TransitStatus
        public var deadline: Date?
        public var alert: TransitAlert?
        public var updatedAt: Date
    }

    public func insert(_ record: Record) async throws {
        let carnet = record.particulars.guarantee?.carnet.flatMap(TIRCarnet.normalized)
        try await sql.raw("""
            INSERT INTO transit_movements (id, number, holder_bin, departure_office, destination_office, status, version, guarantee_kind,
                                           guarantee_id, carnet, open_carnet, amount_tiyn, particulars, created_by, created_at, updated_at)
            VALUES (\(bind: record.id), \(bind: record.number), \(bind: record.holderBIN), \(bind: record.movement.departureOffice),
                    \(bind: record.movement.destinationOffice), \(bind: record.movement.status.rawValue), \(bind: record.version),
                    \(bind: record.particulars.guarantee?.kind.rawValue ?? "none"), \(bind: record.guaranteeID), \(bind: carnet), \(bind: carnet),
                    \(bind: record.amount.tiyn), \(bind: try StoredJSON.text(record.particulars)), \(bind: record.createdBy),
                    \(bind: record.createdAt.microsecondsSince1970), \(bind: record.createdAt.microsecondsSince1970))
            """).run()
        for plate in Set(record.particulars.plates) {
            try await sql.raw("INSERT INTO transit_plates (plate, movement_id) VALUES (\(bind: plate), \(bind: record.id))").run()
        }
        for seal in Set((record.particulars.seals ?? []).map(\.id)) {
            try await sql.raw("INSERT INTO transit_seals (seal_id, movement_id) VALUES (\(bind: seal), \(bind: record.id))").run()
        }
    }

    /// Whether the carnet has an operation open (a second may not start).
    public func carnetInUse(_ carnet: String) async throws -> String? {
        try await sql.raw("SELECT number FROM transit_movements WHERE open_carnet = \(bind: carnet)").first()?.decode(column: "number", as: String.self)
    }

    public func find(id: String) async throws -> Record? {
        try await record(where: "id = \(bind: id)")
    }

    public func find(number: String) async throws -> Record? {
        try await record(where: "number = \(bind: number)")
    }

    private func record(where condition: SQLQueryString) async throws -> Record? {
        guard let row = try await sql.raw("""
            SELECT id, number, holder_bin, version, amount_tiyn, guarantee_id, alert, particulars, created_by, created_at FROM transit_movements WHERE
            """ + " " + condition).first() else { return nil }
        let id = try row.decode(column: "id", as: String.self)
        let particulars = try row.decode(json: "particulars", as: TransitDeclaration.self)
        let history = try await sql.raw("SELECT event, at, actor FROM transit_events WHERE movement_id = \(bind: id) ORDER BY seq").all().map { row in
            (event: try row.decode(json: "event", as: TransitEvent.self), at: Date(microsecondsSince1970: try row.decode(column: "at", as: Int64.self)),
             actor: try row.decode(column: "actor", as: String.self))
        }
        var movement = Self.movement(id: id, particulars)
        for step in history { try movement.apply(step.event, at: step.at) }
        return Record(id: id, number: try row.decode(column: "number", as: String.self), holderBIN: try row.decode(column: "holder_bin", as: String.self),
                      particulars: particulars, movement: movement, history: history, version: try row.decode(column: "version", as: Int.self),
                      amount: Tenge(tiyn: try row.decode(column: "amount_tiyn", as: Int64.self)),
                      guaranteeID: try row.decode(column: "guarantee_id", as: String?.self),
                      alert: try row.decode(column: "alert", as: String?.self).flatMap(TransitAlert.init(rawValue:)),
                      createdAt: Date(microsecondsSince1970: try row.decode(column: "created_at", as: Int64.self)),
                      createdBy: try row.decode(column: "created_by", as: String.self))
    }

    /// The movement as accepted at departure, before any event.
    public static func movement(id: String, _ particulars: TransitDeclaration) -> TransitMovement {
        TransitMovement(id: id, departureOffice: particulars.goods.officeCode ?? "", route: particulars.transitOffices ?? [],
                        destinationOffice: particulars.destinationOffice ?? "", timeAllowed: TimeInterval(particulars.timeLimitHours ?? 0) * 3_600)
    }

    /// Appends an event the movement has accepted (now at `movement`), if no one else changed it since
    /// `version`; false, and nothing written, otherwise. The carnet's operation closes at termination.
    public func append(_ event: TransitEvent, to movement: TransitMovement, expectedVersion version: Int, by actor: String, at now: Date) async throws -> Bool {
        let closesCarnet = movement.status == .terminated || movement.status == .discharged
        guard try await sql.raw("""
            UPDATE transit_movements SET status = \(bind: movement.status.rawValue), version = version + 1,
                   destination_office = \(bind: movement.destinationOffice), released_at = \(bind: movement.releasedAt?.microsecondsSince1970),
                   deadline = \(bind: movement.deadline?.microsecondsSince1970), terminated_at = \(bind: movement.termination?.at.microsecondsSince1970),
                   updated_at = \(bind: now.microsecondsSince1970),
                   open_carnet = \(unsafeRaw: closesCarnet ? "NULL" : "open_carnet"),
                   alert = \(unsafeRaw: movement.status == .released ? "alert" : "NULL")
            WHERE id = \(bind: movement.id) AND version = \(bind: version) RETURNING id
            """).first() != nil else { return false }
        try await sql.raw("""
            INSERT INTO transit_events (movement_id, seq, event, at, actor)
            VALUES (\(bind: movement.id), \(bind: version + 1), \(bind: try StoredJSON.text(event)), \(bind: now.microsecondsSince1970), \(bind: actor))
            """).run()
        return true
    }

    /// The newest movements first, optionally only those in one state, with an alert, or of one holder.
    public func list(status: TransitStatus?, alerted: Bool, holderBIN: String?, limit: Int) async throws -> [Summary] {
        var conditions: [SQLQueryString] = []
        if let status { conditions.append("status = \(bind: status.rawValue)") }
        if alerted { conditions.append("alert IS NOT NULL") }
        if let holderBIN { conditions.append("holder_bin = \(bind: holderBIN)") }
        let filter: SQLQueryString = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        return try await sql.raw("""
            SELECT id, number, holder_bin, departure_office, destination_office, status, deadline, alert, updated_at FROM transit_movements
            """ + filter + " ORDER BY updated_at DESC, id DESC LIMIT \(bind: limit)").all().map { row in
            Summary(id: try row.decode(column: "id", as: String.self), number: try row.decode(column: "number", as: String.self),
                    holderBIN: try row.decode(column: "holder_bin", as: String.self),
                    departureOffice: try row.decode(column: "departure_office", as: String.self),
                    destinationOffice: try row.decode(column: "destination_office", as: String.self),
                    status: try row.decode(column: "status", parsing: TransitStatus.init(rawValue:)),
                    deadline: try row.decode(column: "deadline", as: Int64?.self).map(Date.init(microsecondsSince1970:)),
                    alert: try row.decode(column: "alert", as: String?.self).flatMap(TransitAlert.init(rawValue:)),
                    updatedAt: Date(microsecondsSince1970: try row.decode(column: "updated_at", as: Int64.self)))
        }
    }

    /// Released movements whose deadline is before `moment` and that have not yet been raised to `alert`.
    public func pastDeadline(_ moment: Date, notYet alert: TransitAlert) async throws -> [String] {
        let lower: SQLQueryString = alert == .overdue ? "alert IS NULL" : "(alert IS NULL OR alert = 'overdue')"
        return try await sql.raw("""
            SELECT id FROM transit_movements WHERE status = 'released' AND deadline < \(bind: moment.microsecondsSince1970) AND
            """ + " " + lower + " ORDER BY deadline LIMIT 500").all().map { try $0.decode(column: "id", as: String.self) }
    }

    /// Movements on their way (released) with their particulars and release time, oldest release first.
    public func onTheirWay(limit: Int = 5_000) async throws -> [(id: String, particulars: TransitDeclaration, releasedAt: Date)] {
        try await sql.raw("SELECT id, particulars, released_at FROM transit_movements WHERE status = 'released' ORDER BY released_at LIMIT \(bind: limit)")
            .all().map { row in
                (try row.decode(column: "id", as: String.self), try row.decode(json: "particulars", as: TransitDeclaration.self),
                 Date(microsecondsSince1970: try row.decode(column: "released_at", as: Int64.self)))
            }
    }

    public func setAlert(_ alert: TransitAlert, movementID: String) async throws {
        try await sql.raw("UPDATE transit_movements SET alert = \(bind: alert.rawValue) WHERE id = \(bind: movementID)").run()
    }

    /// The TIR movements terminated between two moments, in the order they were terminated.
    public func terminatedTIR(from: Date, to: Date) async throws -> [Record] {
        var records: [Record] = []
        for row in try await sql.raw("""
            SELECT id FROM transit_movements WHERE guarantee_kind = 'tir' AND terminated_at >= \(bind: from.microsecondsSince1970)
              AND terminated_at < \(bind: to.microsecondsSince1970) ORDER BY terminated_at LIMIT 10000
            """).all() {
            if let record = try await find(id: try row.decode(column: "id", as: String.self)) { records.append(record) }
        }
        return records
    }

    /// The open movements (accepted, released or arrived) of these plates, by plate.
    public func openMovements(plates: [String]) async throws -> [String: String] {
        try await lookUp(plates) { """
            SELECT p.plate AS k, p.movement_id AS v FROM transit_plates AS p JOIN transit_movements AS m ON m.id = p.movement_id
            WHERE p.plate IN (\($0)) AND m.status IN ('accepted', 'released', 'arrived')
            """ }
    }

    /// The open movements carrying these seals, by seal.
    public func openMovements(seals: [String]) async throws -> [String: String] {
        try await lookUp(seals) { """
            SELECT s.seal_id AS k, s.movement_id AS v FROM transit_seals AS s JOIN transit_movements AS m ON m.id = s.movement_id
            WHERE s.seal_id IN (\($0)) AND m.status IN ('accepted', 'released', 'arrived')
            """ }
    }

    /// The open movements with these numbers, by number (a lane's reader scanned the document shown with the vehicle).
    public func openMovements(numbers: [String]) async throws -> [String: String] {
        try await lookUp(numbers) { "SELECT number AS k, id AS v FROM transit_movements WHERE number IN (\($0)) AND status IN ('accepted', 'released', 'arrived')" }
    }

    /// The particulars of these movements, by id (what devices' events are judged against).
    public func particulars(ids: Set<String>) async throws -> [String: TransitDeclaration] {
        try await lookUp(ids) { "SELECT id AS k, particulars AS v FROM transit_movements WHERE id IN (\($0))" }
            .mapValues { try StoredJSON.decoder.decode(TransitDeclaration.self, from: Data($0.utf8)) }
    }

    /// The current office of destination of these movements (after any diversion), by id.
    public func destinations(ids: Set<String>) async throws -> [String: String] {
        try await lookUp(ids) { "SELECT id AS k, destination_office AS v FROM transit_movements WHERE id IN (\($0))" }
    }

    /// The rows of `query` — which selects `k` and `v` for the values it is given as an IN list — as a dictionary.
    private func lookUp(_ values: some Collection<String>, _ query: (SQLList) -> SQLQueryString) async throws -> [String: String] {
        guard !values.isEmpty else { return [:] }
        var found: [String: String] = [:]
        for row in try await sql.raw(query(SQLList(values.map { SQLBind($0) }))).all() {
            found[try row.decode(column: "k", as: String.self)] = try row.decode(column: "v", as: String.self)
        }
        return found
    }

    // MARK: Guarantee

    /// Reserves `amount` of a registered guarantee for the movement; false, and nothing changed, if it has not that much left.
    public func secure(movementID: String, with guaranteeID: String, amount: Tenge, at now: Date) async throws -> Bool {
        guard try await GuaranteeRepository(sql: sql).reserve(amount, of: guaranteeID) else { return false }
        try await sql.raw("""
            INSERT INTO movement_securities (movement_id, guarantee_id, amount_tiyn, secured_at)
            VALUES (\(bind: movementID), \(bind: guaranteeID), \(bind: amount.tiyn), \(bind: now.microsecondsSince1970))
            """).run()
        return true
    }

    /// Gives back what the movement's guarantee holds for it (at discharge); answers how much.
    @discardableResult
    public func releaseSecurity(movementID: String, at now: Date) async throws -> Tenge {
        guard let row = try await sql.raw("""
            UPDATE movement_securities SET released_at = \(bind: now.microsecondsSince1970)
            WHERE movement_id = \(bind: movementID) AND released_at IS NULL RETURNING guarantee_id, amount_tiyn
            """).first() else { return .zero }
        let amount = Tenge(tiyn: try row.decode(column: "amount_tiyn", as: Int64.self))
        try await GuaranteeRepository(sql: sql).unreserve(amount, of: try row.decode(column: "guarantee_id", as: String.self))
        return amount
    }

    /// Records that the guarantee is called for a movement (once); false if it was called already.
    public func claim(id: String, movementID: String, guarantee: String, amount: Tenge, reason: String, at now: Date) async throws -> Bool {
        try await sql.raw("""
            INSERT INTO guarantee_claims (id, movement_id, guarantee, amount_tiyn, reason, claimed_at)
            VALUES (\(bind: id), \(bind: movementID), \(bind: guarantee), \(bind: amount.tiyn), \(bind: reason), \(bind: now.microsecondsSince1970))
            ON CONFLICT (movement_id) DO NOTHING RETURNING id
            """).first() != nil
    }

    public struct Claim: Sendable {
        public var guarantee: String
        public var amount: Tenge
        public var reason: String
        public var claimedAt: Date
    }

    public func claim(movementID: String) async throws -> Claim? {
        try await sql.raw("SELECT guarantee, amount_tiyn, reason, claimed_at FROM guarantee_claims WHERE movement_id = \(bind: movementID)").first().map { row in
            Claim(guarantee: try row.decode(column: "guarantee", as: String.self), amount: Tenge(tiyn: try row.decode(column: "amount_tiyn", as: Int64.self)),
                  reason: try row.decode(column: "reason", as: String.self),
                  claimedAt: Date(microsecondsSince1970: try row.decode(column: "claimed_at", as: Int64.self)))
        }
    }
}
