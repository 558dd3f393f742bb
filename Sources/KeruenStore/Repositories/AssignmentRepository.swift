import Foundation
import KeruenCore
import SQLKit

/// Officers' shifts and the assignment of declarations in control to officers.
public struct AssignmentRepository: Sendable {
    let sql: any SQLDatabase

    public func insert(_ shift: OfficerShift, at now: Date) async throws {
        try await sql.raw("""
            INSERT INTO officer_shifts (id, officer, office_code, starts_at, ends_at, created_by, created_at)
            VALUES (\(bind: shift.id), \(bind: shift.officer), \(bind: shift.officeCode), \(bind: shift.startsAt.microsecondsSince1970),
                    \(bind: shift.endsAt.microsecondsSince1970), \(bind: shift.createdBy), \(bind: now.microsecondsSince1970))
            """).run()
    }

    /// The officers on shift at `office` at `now`, each with the declarations assigned to them and still
    /// registered (not decided) — leaving out those connected to any of `companies` (they may not act on it).
    public func loads(officeCode: String, at now: Date, notConnectedTo companies: [String] = []) async throws -> [WorkAssignment.Load] {
        let at = now.microsecondsSince1970
        let connected: SQLQueryString = companies.isEmpty ? "" : """
             AND NOT EXISTS (SELECT 1 FROM officer_connections AS c WHERE c.username = s.officer
                             AND c.company_bin IN (\(SQLList(companies.map { SQLBind($0) }))))
            """
        return try await sql.raw("""
            SELECT s.officer, (SELECT COUNT(*) FROM assignments AS a WHERE a.officer = s.officer AND a.decided_at IS NULL) AS open
            FROM (SELECT DISTINCT officer FROM officer_shifts
                  WHERE office_code = \(bind: officeCode) AND starts_at <= \(bind: at) AND ends_at > \(bind: at)) AS s
            WHERE 1 = 1\(connected)
            ORDER BY s.officer
            """).all().map { row in
            WorkAssignment.Load(officer: try row.decode(column: "officer", as: String.self), open: try row.decode(column: "open", as: Int.self))
        }
    }

    /// Assigns a declaration that has no officer yet; false if it has one already.
    @discardableResult
    public func insert(_ assignment: Assignment) async throws -> Bool {
        try await sql.raw("""
            INSERT INTO assignments (declaration_id, officer, assigned_at, assigned_by, reason)
            VALUES (\(bind: assignment.declarationID), \(bind: assignment.officer), \(bind: assignment.assignedAt.microsecondsSince1970),
                    \(bind: assignment.assignedBy), \(bind: assignment.reason))
            ON CONFLICT (declaration_id) DO NOTHING RETURNING declaration_id
            """).first() != nil
    }

    /// Moves a declaration to another officer if it is still with `expected`; false if someone moved it first.
    public func reassign(_ assignment: Assignment, from expected: String) async throws -> Bool {
        try await sql.raw("""
            UPDATE assignments SET officer = \(bind: assignment.officer), assigned_at = \(bind: assignment.assignedAt.microsecondsSince1970),
                   assigned_by = \(bind: assignment.assignedBy), reason = \(bind: assignment.reason)
            WHERE declaration_id = \(bind: assignment.declarationID) AND officer = \(bind: expected) RETURNING declaration_id
            """).first() != nil
    }

    public func find(declarationID: String) async throws -> Assignment? {
        try await sql.raw("""
            SELECT declaration_id, officer, assigned_at, assigned_by, reason FROM assignments WHERE declaration_id = \(bind: declarationID)
            """).first().map { row in
            Assignment(declarationID: try row.decode(column: "declaration_id", as: String.self), officer: try row.decode(column: "officer", as: String.self),
                       assignedAt: Date(microsecondsSince1970: try row.decode(column: "assigned_at", as: Int64.self)),
                       assignedBy: try row.decode(column: "assigned_by", as: String.self), reason: try row.decode(column: "reason", as: String?.self))
        }
    }

    /// A declaration waiting for a decision at a post, with who works on it.
    public struct QueueEntry: Sendable, Equatable {
        public var declarationID: String
        public var registrationNumber: String
        public var officeCode: String
        public var declarantName: String?
        public var registeredAt: Date
        public var officer: String?
        public var channel: Channel?
    }

    /// The registered (undecided) declarations of these offices in documentary or physical control (the
    /// green ones wait for their payment, not for an officer), oldest first (ids are time-ordered, and
    /// walking them in order lets the query stop at `limit`).
    public func queue(officeCodes: [String], limit: Int) async throws -> [QueueEntry] {
        guard !officeCodes.isEmpty else { return [] }
        return try await sql.raw("""
            SELECT d.id, d.registration_number, d.office_code, d.declarant_name, d.registered_at, a.officer, r.channel
            FROM declarations AS d JOIN risk_results AS r ON r.declaration_id = d.id LEFT JOIN assignments AS a ON a.declaration_id = d.id
            WHERE d.status = 'registered' AND r.channel IN ('yellow', 'red') AND d.office_code IN (\(SQLList(officeCodes.map { SQLBind($0) })))
            ORDER BY d.id LIMIT \(bind: limit)
            """).all().map { row in
            QueueEntry(declarationID: try row.decode(column: "id", as: String.self),
                       registrationNumber: try row.decode(column: "registration_number", as: String.self),
                       officeCode: try row.decode(column: "office_code", as: String.self), declarantName: try row.decode(column: "declarant_name", as: String?.self),
                       registeredAt: Date(microsecondsSince1970: try row.decode(column: "registered_at", as: Int64.self)),
                       officer: try row.decode(column: "officer", as: String?.self),
                       channel: try row.decode(column: "channel", as: String?.self).flatMap(Channel.init(rawValue:)))
        }
    }

    /// The officers on shift now at these offices: until when, and their open work.
    public func onShift(officeCodes: [String], at now: Date) async throws -> [(officer: String, officeCode: String, until: Date, open: Int)] {
        guard !officeCodes.isEmpty else { return [] }
        let at = now.microsecondsSince1970
        return try await sql.raw("""
            SELECT s.officer, s.office_code, MAX(s.ends_at) AS until,
                   (SELECT COUNT(*) FROM assignments AS a WHERE a.officer = s.officer AND a.decided_at IS NULL) AS open
            FROM officer_shifts AS s
            WHERE s.office_code IN (\(SQLList(officeCodes.map { SQLBind($0) }))) AND s.starts_at <= \(bind: at) AND s.ends_at > \(bind: at)
            GROUP BY s.officer, s.office_code ORDER BY s.officer
            """).all().map { row in
            (try row.decode(column: "officer", as: String.self), try row.decode(column: "office_code", as: String.self),
             Date(microsecondsSince1970: try row.decode(column: "until", as: Int64.self)), try row.decode(column: "open", as: Int.self))
        }
    }
}
