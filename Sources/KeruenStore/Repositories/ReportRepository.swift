import Foundation
import KeruenCore
import SQLKit

/// What the daily report is made of: the declarations registered, released and refused in a span of time,
/// and the receipts issued in it, each with its declaration's office and risk channel.
public struct ReportRepository: Sendable {
    let sql: any SQLDatabase

    public struct Release: Sendable {
        public var declarationID: String
        public var office: String
        public var channel: Channel?
        public var registeredAt: Date
        public var releasedAt: Date
    }

    public func registrations(from: Date, to: Date) async throws -> [DailyReport.Registration] {
        try await sql.raw("""
            SELECT d.office_code, r.channel, i.customs_value_tiyn, i.total_tiyn FROM declarations AS d
            LEFT JOIN risk_results AS r ON r.declaration_id = d.id LEFT JOIN invoices AS i ON i.declaration_id = d.id
            WHERE d.registered_at >= \(bind: from.microsecondsSince1970) AND d.registered_at < \(bind: to.microsecondsSince1970)
            """).all().map { row in
            DailyReport.Registration(office: try row.decode(column: "office_code", as: String.self), channel: try Self.channel(row),
                                     customsValue: Tenge(tiyn: try row.decode(column: "customs_value_tiyn", as: Int64?.self) ?? 0),
                                     assessed: Tenge(tiyn: try row.decode(column: "total_tiyn", as: Int64?.self) ?? 0))
        }
    }

    /// Declarations released in the span (by their release, whenever they were registered).
    public func releases(from: Date, to: Date) async throws -> [Release] {
        try await sql.raw("""
            SELECT d.id, d.office_code, r.channel, d.registered_at, MIN(e.at) AS released_at FROM declaration_events AS e
            JOIN declarations AS d ON d.id = e.declaration_id LEFT JOIN risk_results AS r ON r.declaration_id = d.id
            WHERE e.status = 'released' AND e.at >= \(bind: from.microsecondsSince1970) AND e.at < \(bind: to.microsecondsSince1970)
            GROUP BY d.id, d.office_code, r.channel, d.registered_at
            """).all().map { row in
            Release(declarationID: try row.decode(column: "id", as: String.self), office: try row.decode(column: "office_code", as: String.self),
                    channel: try Self.channel(row), registeredAt: Date(microsecondsSince1970: try row.decode(column: "registered_at", as: Int64.self)),
                    releasedAt: Date(microsecondsSince1970: try row.decode(column: "released_at", as: Int64.self)))
        }
    }

    /// Refusals of registration or of release in the span.
    public func refusals(from: Date, to: Date) async throws -> [DailyReport.Occurrence] {
        try await sql.raw("""
            SELECT d.office_code, r.channel FROM declaration_events AS e
            JOIN declarations AS d ON d.id = e.declaration_id LEFT JOIN risk_results AS r ON r.declaration_id = d.id
            WHERE e.status IN ('rejected', 'release-refused') AND e.at >= \(bind: from.microsecondsSince1970) AND e.at < \(bind: to.microsecondsSince1970)
            """).all().map { DailyReport.Occurrence(office: try $0.decode(column: "office_code", as: String.self), channel: try Self.channel($0)) }
    }

    /// Receipts issued in the span, by their declaration's office and channel.
    public func collections(from: Date, to: Date) async throws -> [DailyReport.Occurrence] {
        try await sql.raw("""
            SELECT d.office_code, r.channel, p.amount_tiyn FROM receipts AS p JOIN invoices AS i ON i.id = p.invoice_id
            JOIN declarations AS d ON d.id = i.declaration_id LEFT JOIN risk_results AS r ON r.declaration_id = d.id
            WHERE p.issued_at >= \(bind: from.microsecondsSince1970) AND p.issued_at < \(bind: to.microsecondsSince1970)
            """).all().map { row in
            DailyReport.Occurrence(office: try row.decode(column: "office_code", as: String.self), channel: try Self.channel(row),
                                   amount: Tenge(tiyn: try row.decode(column: "amount_tiyn", as: Int64.self)))
        }
    }

    static func channel(_ row: any SQLRow) throws -> Channel? {
        try row.decode(column: "channel", as: String?.self).flatMap(Channel.init(rawValue:))
    }
}
