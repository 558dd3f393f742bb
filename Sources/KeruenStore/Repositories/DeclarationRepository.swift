import Foundation
import KeruenCore
import SQLKit

/// Declarations, their items (for the commodity filter), status history and registration serials.
public struct DeclarationRepository: Sendable {
    let sql: any SQLDatabase
    let dialect: Dialect

    /// Filters of the declaration list; nil means "any".
    public struct Filter: Sendable {
        public var status: DeclarationStatus?
        public var officeCode: String?
        public var declarantBIN: String?
        public var registeredFrom: Date?
        public var registeredBefore: Date?
        public var commodityPrefix: String?
        /// Declarations assigned to this officer (customs only: traders are never told who works on theirs).
        public var assignedTo: String?
        public init(status: DeclarationStatus? = nil, officeCode: String? = nil, declarantBIN: String? = nil,
                    registeredFrom: Date? = nil, registeredBefore: Date? = nil, commodityPrefix: String? = nil, assignedTo: String? = nil) {
            self.assignedTo = assignedTo
            self.status = status
            self.officeCode = officeCode
            self.declarantBIN = declarantBIN
            self.registeredFrom = registeredFrom
            self.registeredBefore = registeredBefore
            self.commodityPrefix = commodityPrefix
        }
    }

    /// A line of the declaration list.
    public struct Summary: Sendable, Equatable {
        public var id: String
        public var version: Int
        public var status: DeclarationStatus
        public var kind: DeclarationKind?
        public var procedure: String?
        public var officeCode: String?
        public var declarantBIN: String?
        public var declarantName: String?
        public var registrationNumber: String?
        public var registeredAt: Date?
        public var invoiceCurrency: String?
        public var invoiceTotal: Decimal?
        public var itemCount: Int
        public var updatedAt: Date
    }

    /// The columns that follow the content: the filterable header fields, the item count and the content version.
    /// Written by both `insert` and `updateContent`, so that the two cannot drift apart.
    private func contentColumns(of document: DeclarationDocument) -> [(String, any Encodable & Sendable)] {
        let declaration = document.declaration
        let c = declaration.content
        return [
            ("version", declaration.version), ("kind", c.kind?.rawValue), ("procedure_code", c.procedure),
            ("office_code", c.officeCode), ("declarant_bin", c.declarant?.identificationNumber), ("declarant_name", c.declarant?.name),
            ("representative_bin", c.representative?.identificationNumber), ("invoice_currency", c.invoiceCurrency),
            ("invoice_total", c.invoiceTotal.map(DecimalText.format)), ("item_count", c.items.count),
            ("updated_at", declaration.updatedAt.microsecondsSince1970),
            ("content_version", document.contentVersion),
            // Matched against plate reads at checkpoints: a vehicle there with a declaration is not unknown.
            ("vehicle_plate", c.transport?.identification.map(VehiclePlate.normalized)),
        ]
    }

    /// Writes a new declaration with its content, items and first status change.
    public func insert(_ document: DeclarationDocument, event: StatusChange) async throws {
        let declaration = document.declaration
        let columns: [(String, any Encodable & Sendable)] = [
            ("id", declaration.id), ("status", declaration.status.rawValue), ("created_by", declaration.createdBy),
            ("created_at", declaration.createdAt.microsecondsSince1970),
        ] + contentColumns(of: document)
        // Written as text rather than with the insert builder: these statements run on every change,
        // and the builder's quoting of each name showed in profiles. The names are our own constants.
        try await runTogether(
            ["INSERT INTO declarations (\(unsafeRaw: columns.map(\.0).joined(separator: ", "))) VALUES (\(binds: columns.map(\.1)))"]
            + contentStatements(of: document) + [eventsStatement(declarationID: declaration.id, [event])])
    }

    /// Adds `events` to a declaration's history.
    public func addEvents(declarationID: String, _ events: [StatusChange]) async throws {
        try await sql.raw(eventsStatement(declarationID: declarationID, events)).run()
    }

    /// Replaces the content (a draft's, or a registered declaration's in a correction) if its version is still
    /// `expectedVersion`; answers false when another change won.
    public func updateContent(_ document: DeclarationDocument, expectedVersion: Int) async throws -> Bool {
        let declaration = document.declaration
        let assignments = contentColumns(of: document).map { column, value in SQLQueryString("\(unsafeRaw: column) = \(bind: value)") }
        let rows = try await sql.raw("""
            UPDATE declarations SET \(assignments.joined(separator: ", "))
            WHERE id = \(bind: declaration.id) AND version = \(bind: expectedVersion) RETURNING id
            """).all()
        guard !rows.isEmpty else { return false }
        // Apart: the new items have the keys of the old ones, which one statement could not both delete and insert.
        try await sql.raw("DELETE FROM declaration_items WHERE declaration_id = \(bind: declaration.id)").run()
        try await runTogether(contentStatements(of: document))
        return true
    }

    /// A new content version, and the item codes that the commodity filter searches.
    private func contentStatements(of document: DeclarationDocument) -> [SQLQueryString] {
        let declaration = document.declaration
        let content: SQLQueryString = """
            INSERT INTO declaration_contents (declaration_id, version, content, content_format)
            VALUES (\(bind: declaration.id), \(bind: document.contentVersion), \(bind: document.contentJSON),
                    \(bind: document.contentIsCanonical ? Self.canonicalFormat : Self.sortedFormat))
            """
        guard !declaration.content.items.isEmpty else { return [content] }
        let rows = declaration.content.items.enumerated().map { index, item in
            SQLQueryString("(\(bind: declaration.id), \(bind: index + 1), \(bind: item.commodityCode))")
        }
        return [content, "INSERT INTO declaration_items (declaration_id, line_number, commodity_code) VALUES \(rows.joined(separator: ", "))"]
    }

    /// Statements run as one, answering the rows of the last: on PostgreSQL the parts of one statement
    /// (`WITH a AS (INSERT …), b AS (INSERT …) UPDATE …`), one round trip instead of one each; on SQLite,
    /// where a statement costs no round trip, one after another. The parts must not touch the same rows.
    @discardableResult
    private func runTogether(_ statements: [SQLQueryString]) async throws -> [any SQLRow] {
        guard let last = statements.last else { return [] }
        guard dialect == .postgres else {
            for statement in statements.dropLast() { try await sql.raw(statement).run() }
            return try await sql.raw(last).all()
        }
        let parts = statements.dropLast().enumerated().map { index, statement in
            SQLQueryString("part\(unsafeRaw: String(index)) AS (") + statement + ")"
        }
        return try await sql.raw(parts.isEmpty ? last : "WITH " + parts.joined(separator: ", ") + " " + last).all()
    }

    /// Moves a declaration to a new status if its version is still `expectedVersion`, and adds `events`
    /// to its history. Answers false, having written nothing, when another change won.
    public func updateStatus(_ declaration: Declaration, expectedVersion: Int, events: [StatusChange]) async throws -> Bool {
        let rejection = declaration.rejectionProblems.isEmpty ? nil : String(decoding: try JSONEncoder().encode(declaration.rejectionProblems), as: UTF8.self)
        let update: SQLQueryString = """
            UPDATE declarations SET version = \(bind: declaration.version), status = \(bind: declaration.status.rawValue),
              registration_number = \(bind: declaration.registrationNumber?.description),
              registered_at = \(bind: declaration.registeredAt?.microsecondsSince1970),
              updated_at = \(bind: declaration.updatedAt.microsecondsSince1970), rejection = \(bind: rejection)
            WHERE id = \(bind: declaration.id) AND version = \(bind: expectedVersion)
            RETURNING id
            """
        let moved: Bool
        if dialect == .postgres {
            // One round trip: the events are added only if the update found the version (`moved` has its row).
            moved = !(try await sql.raw("WITH moved AS (" + update + ") "
                + eventsStatement(declarationID: declaration.id, events, onlyIf: "moved") + " RETURNING sequence").all()).isEmpty
        } else {
            moved = try await sql.raw(update).first() != nil
            if moved { try await sql.raw(eventsStatement(declarationID: declaration.id, events)).run() }
        }
        if moved && declaration.status != .registered && declaration.registeredAt != nil {
            // Decided (or withdrawn): no longer open work for the officer it is assigned to, which officers' loads count.
            try await sql.raw("""
                UPDATE assignments SET decided_at = \(bind: declaration.updatedAt.microsecondsSince1970)
                WHERE declaration_id = \(bind: declaration.id) AND decided_at IS NULL
                """).run()
        }
        return moved
    }

    public func find(id: String) async throws -> DeclarationDocument? {
        guard let row = try await sql.raw("""
            SELECT d.id, d.version, d.status, d.content_version, c.content, c.content_format, d.registration_number, d.rejection,
                   d.created_by, d.created_at, d.updated_at, d.registered_at
            FROM declarations d JOIN declaration_contents c ON c.declaration_id = d.id AND c.version = d.content_version
            WHERE d.id = \(bind: id)
            """).first() else { return nil }
        let contentJSON = try row.decode(column: "content", as: String.self)
        let content = try DeclarationDocument.decode(contentJSON)
        let rejection = try row.decode(column: "rejection", as: String?.self).map {
            try JSONDecoder().decode([ValidationProblem].self, from: Data($0.utf8))
        } ?? []
        let declaration = Declaration(
            id: try row.decode(column: "id", as: String.self),
            version: try row.decode(column: "version", as: Int.self),
            status: try Self.status(row),
            content: content,
            registrationNumber: try row.decode(column: "registration_number", as: String?.self).flatMap(RegistrationNumber.init),
            rejectionProblems: rejection,
            createdBy: try row.decode(column: "created_by", as: String.self),
            createdAt: Date(microsecondsSince1970: try row.decode(column: "created_at", as: Int64.self)),
            updatedAt: Date(microsecondsSince1970: try row.decode(column: "updated_at", as: Int64.self)),
            registeredAt: try row.decode(column: "registered_at", as: Int64?.self).map(Date.init(microsecondsSince1970:)))
        return DeclarationDocument(declaration: declaration, contentJSON: contentJSON, contentVersion: try row.decode(column: "content_version", as: Int.self),
                                   canonical: try Self.isCanonical(row))
    }

    /// `content_format` of a content row: canonical JSON since migration 4, sorted-key JSON before.
    static let canonicalFormat = "rfc8785", sortedFormat = "sorted-json"

    /// The last `limit` registered declarations, newest first, with the channel each got: what a risk
    /// profile is tried on before it is approved.
    public func recentlyRegistered(limit: Int) async throws -> [(declaration: Declaration, channel: Channel?)] {
        try await sql.raw("""
            SELECT d.id, d.version, d.status, d.registration_number, d.registered_at, d.created_by, d.created_at, d.updated_at, c.content, r.channel
            FROM declarations d JOIN declaration_contents c ON c.declaration_id = d.id AND c.version = d.content_version
            LEFT JOIN risk_results r ON r.declaration_id = d.id
            WHERE d.registered_at IS NOT NULL ORDER BY d.registered_at DESC, d.id DESC LIMIT \(bind: limit)
            """).all().map { row in
            let declaration = Declaration(
                id: try row.decode(column: "id", as: String.self), version: try row.decode(column: "version", as: Int.self),
                status: try Self.status(row), content: try DeclarationDocument.decode(try row.decode(column: "content", as: String.self)),
                registrationNumber: try row.decode(column: "registration_number", as: String?.self).flatMap(RegistrationNumber.init),
                createdBy: try row.decode(column: "created_by", as: String.self),
                createdAt: Date(microsecondsSince1970: try row.decode(column: "created_at", as: Int64.self)),
                updatedAt: Date(microsecondsSince1970: try row.decode(column: "updated_at", as: Int64.self)),
                registeredAt: try row.decode(column: "registered_at", as: Int64?.self).map(Date.init(microsecondsSince1970:)))
            return (declaration, try row.decode(column: "channel", as: String?.self).flatMap(Channel.init(rawValue:)))
        }
    }

    static func isCanonical(_ row: any SQLRow) throws -> Bool {
        try row.decode(column: "content_format", as: String.self) == canonicalFormat
    }

    /// The declaration registered under `number`.
    public func find(registrationNumber number: String) async throws -> DeclarationDocument? {
        guard let row = try await sql.raw("SELECT id FROM declarations WHERE registration_number = \(bind: number)").first() else { return nil }
        return try await find(id: try row.decode(column: "id", as: String.self))
    }

    /// The document a ``DeclarationDocument/reference()`` names, as it was then.
    public func document(reference: String) async throws -> DeclarationDocument? {
        let parsed = try JSONDecoder().decode(DeclarationReference.self, from: Data(reference.utf8))
        guard let row = try await sql.raw("""
            SELECT content, content_format FROM declaration_contents WHERE declaration_id = \(bind: parsed.id) AND version = \(bind: parsed.contentVersion)
            """).first() else { return nil }
        let contentJSON = try row.decode(column: "content", as: String.self)
        let content = try DeclarationDocument.decode(contentJSON)
        return DeclarationDocument(declaration: parsed.declaration(content: content), contentJSON: contentJSON, contentVersion: parsed.contentVersion,
                                   canonical: try Self.isCanonical(row))
    }

    /// A page of the declarations `scope` allows, newest first; pages continue after the id `cursor`.
    public func list(scope: DeclarationScope, filter: Filter, after cursor: String?, limit: Int) async throws -> [Summary] {
        let query = sql.select()
            .columns("id", "version", "status", "kind", "procedure_code", "office_code", "declarant_bin", "declarant_name",
                     "registration_number", "registered_at", "invoice_currency", "invoice_total", "item_count", "updated_at")
            .from("declarations")
        switch scope {
        case .everything: break
        case .company(let bin):
            query.where { $0.where("declarant_bin", .equal, bin).orWhere("representative_bin", .equal, bin) }
        case .offices(let codes):
            query.where("office_code", .in, Array(codes)).where("status", .notEqual, DeclarationStatus.draft.rawValue)
        case .nothing:
            return []
        }
        if let status = filter.status { query.where("status", .equal, status.rawValue) }
        if let office = filter.officeCode { query.where("office_code", .equal, office) }
        if let declarant = filter.declarantBIN { query.where("declarant_bin", .equal, declarant) }
        if let from = filter.registeredFrom { query.where("registered_at", .greaterThanOrEqual, from.microsecondsSince1970) }
        if let before = filter.registeredBefore { query.where("registered_at", .lessThan, before.microsecondsSince1970) }
        if let prefix = filter.commodityPrefix {
            query.where(SQLQueryString("EXISTS (SELECT 1 FROM declaration_items i WHERE i.declaration_id = declarations.id AND i.commodity_code LIKE \(bind: prefix + "%"))"))
        }
        if let officer = filter.assignedTo {
            query.where(SQLQueryString("EXISTS (SELECT 1 FROM assignments a WHERE a.declaration_id = declarations.id AND a.officer = \(bind: officer))"))
        }
        if let cursor { query.where("id", .lessThan, cursor) }
        let rows = try await query.orderBy("id", .descending).limit(limit).all()
        return try rows.map { row in
            Summary(
                id: try row.decode(column: "id", as: String.self),
                version: try row.decode(column: "version", as: Int.self),
                status: try Self.status(row),
                kind: try row.decode(column: "kind", as: String?.self).flatMap(DeclarationKind.init(rawValue:)),
                procedure: try row.decode(column: "procedure_code", as: String?.self),
                officeCode: try row.decode(column: "office_code", as: String?.self),
                declarantBIN: try row.decode(column: "declarant_bin", as: String?.self),
                declarantName: try row.decode(column: "declarant_name", as: String?.self),
                registrationNumber: try row.decode(column: "registration_number", as: String?.self),
                registeredAt: try row.decode(column: "registered_at", as: Int64?.self).map(Date.init(microsecondsSince1970:)),
                invoiceCurrency: try row.decode(column: "invoice_currency", as: String?.self),
                invoiceTotal: try row.decode(column: "invoice_total", as: String?.self).flatMap { Decimal(string: $0) },
                itemCount: try row.decode(column: "item_count", as: Int.self),
                updatedAt: Date(microsecondsSince1970: try row.decode(column: "updated_at", as: Int64.self)))
        }
    }

    /// Counts per status, for the metrics.
    public func countByStatus() async throws -> [DeclarationStatus: Int] {
        let rows = try await sql.raw("SELECT status, COUNT(*) AS n FROM declarations GROUP BY status").all()
        var counts: [DeclarationStatus: Int] = [:]
        for row in rows {
            if let status = DeclarationStatus(rawValue: try row.decode(column: "status", as: String.self)) {
                counts[status] = try row.decode(column: "n", as: Int.self)
            }
        }
        return counts
    }

    // MARK: History

    /// Adds status changes to a declaration's history, numbered after the ones it has; with `onlyIf`,
    /// only when that earlier part of the statement has a row.
    private func eventsStatement(declarationID: String, _ changes: [StatusChange], onlyIf condition: String? = nil) -> SQLQueryString {
        let rows = changes.enumerated().map { index, change in
            SQLQueryString("""
                (\(literal: index + 1), \(bind: change.status.rawValue), \(bind: change.at.microsecondsSince1970), \(bind: change.actor), \(bind: change.note))
                """)
        }
        // VALUES columns are called column1, column2, … on both databases.
        return """
            INSERT INTO declaration_events (declaration_id, sequence, status, at, actor, note)
            SELECT \(bind: declarationID), previous.last_sequence + changes.column1, changes.column2, changes.column3, changes.column4, changes.column5
            FROM (SELECT COALESCE(MAX(sequence), 0) AS last_sequence FROM declaration_events WHERE declaration_id = \(bind: declarationID)) AS previous,
                 (VALUES \(rows.joined(separator: ", "))) AS changes\(unsafeRaw: condition.map { ", " + $0 } ?? "")
            """
    }

    /// What changes whenever anything happens to a declaration: its version and the length of its history
    /// (control steps add to the history without a new version). Nil if there is no such declaration.
    public func changeMark(id: String) async throws -> String? {
        try await sql.raw("""
            SELECT d.version, (SELECT COUNT(*) FROM declaration_events AS e WHERE e.declaration_id = d.id) AS events
            FROM declarations AS d WHERE d.id = \(bind: id)
            """).first().map { "\(try $0.decode(column: "version", as: Int.self)).\(try $0.decode(column: "events", as: Int.self))" }
    }

    public func history(declarationID: String) async throws -> [StatusChange] {
        try await sql.raw("""
            SELECT status, at, actor, note FROM declaration_events
            WHERE declaration_id = \(bind: declarationID) ORDER BY sequence
            """).all().map { row in
            StatusChange(
                status: try Self.status(row),
                at: Date(microsecondsSince1970: try row.decode(column: "at", as: Int64.self)),
                actor: try row.decode(column: "actor", as: String.self),
                note: try row.decode(column: "note", as: String?.self))
        }
    }

    // MARK: Registration

    /// The next serial for an office and day. It is taken inside the registering transaction: the
    /// counter row stays locked until commit and a rollback gives the number back, so serials have no gaps.
    public func nextSerial(officeCode: String, day: CustomsDay) async throws -> Int {
        guard let serial = try await nextSerial(officeCode: officeCode, day: day, guardedBy: nil) else {
            throw DatabaseURLError(description: "registration counter did not answer")
        }
        return serial
    }

    /// The next serial, taken only if declaration `id` is still at `version`: nil, and the counter
    /// untouched, when another change came first. On PostgreSQL that check costs no round trip of its own.
    public func nextSerial(officeCode: String, day: CustomsDay, forDeclaration id: String, atVersion version: Int) async throws -> Int? {
        try await nextSerial(officeCode: officeCode, day: day, guardedBy: (id, version))
    }

    private func nextSerial(officeCode: String, day: CustomsDay, guardedBy declaration: (id: String, version: Int)?) async throws -> Int? {
        func upsert(from source: SQLQueryString) -> SQLQueryString {
            """
            INSERT INTO registration_counters (office_code, day, last_serial) \(source)
            ON CONFLICT (office_code, day) DO UPDATE SET last_serial = registration_counters.last_serial + 1
            RETURNING last_serial
            """
        }
        let statement: SQLQueryString
        if let declaration {
            let lock = dialect == .postgres ? " FOR UPDATE" : ""
            // `WHERE true` tells SQLite's parser that ON CONFLICT belongs to the INSERT.
            statement = "WITH unchanged AS (SELECT id FROM declarations WHERE id = \(bind: declaration.id) AND version = \(bind: declaration.version)\(unsafeRaw: lock)) "
                + upsert(from: "SELECT \(bind: officeCode), \(bind: day.description), 1 FROM unchanged WHERE true")
        } else {
            statement = upsert(from: "VALUES (\(bind: officeCode), \(bind: day.description), 1)")
        }
        return try await sql.raw(statement).first()?.decode(column: "last_serial", as: Int.self)
    }

    static func status(_ row: any SQLRow) throws -> DeclarationStatus {
        try row.decode(column: "status", parsing: DeclarationStatus.init(rawValue:))
    }
}
