import Foundation
import KeruenCore
import SQLKit
import Synchronization

/// Foreign-trade statistics: the records of released declarations' goods items and the cells summed
/// from them. The cells are changed with each release or correction in its transaction, and can be
/// rebuilt from the records alone (``rebuild()``), with the same result. Figures are answered from the
/// cells this node holds in memory (``TradeCubeCache``), brought up to date with the database first.
public struct StatisticsRepository: Sendable {
    let sql: any SQLDatabase
    let cube: TradeCubeCache

    static let keyColumns = "period, flow, partner, code, procedure, office, transport, declarant"
    static let measureColumns = "items, value_tiyn, value_usd_cents, net_mass_grams, supplementary_thousandths"

    /// A month of cells: the version of its last change, and the version at which all its cells were summed again.
    public struct Month: Sendable, Equatable {
        public var version: Int64
        public var reloaded: Int64
    }

    /// A declaration's records as they were last counted.
    public func records(declarationID: String) async throws -> [TradeRecord] {
        try await sql.raw("""
            SELECT declaration_id, item, \(unsafeRaw: Self.keyColumns), 1 AS items, value_tiyn, value_usd_cents, net_mass_grams, supplementary_thousandths
            FROM trade_records WHERE declaration_id = \(bind: declarationID) ORDER BY item
            """).all().map { row in
            TradeRecord(declarationID: try row.decode(column: "declaration_id", as: String.self), item: try row.decode(column: "item", as: Int.self),
                        cell: try Self.key(row), measures: try Self.measures(row))
        }
    }

    /// Counts a declaration by these records (none, if it no longer counts): what it counted before is taken
    /// out of the cells and the new records put in (``TradeCell/changes(replacing:with:)``), so a correction
    /// moves its figures and counting the same release twice changes nothing.
    public func count(declarationID: String, records new: [TradeRecord]) async throws {
        let old = try await records(declarationID: declarationID)
        guard old != new else { return }
        try await replaceRecords(declarationID: declarationID, with: new)
        let changes = TradeCell.changes(replacing: old, with: new)
        for (month, cells) in Dictionary(grouping: changes, by: \.key.period).sorted(by: { $0.key < $1.key }) {
            try await apply(cells, version: try await raiseVersion(of: month))
        }
    }

    /// The next version of a month's cells (in the writing transaction: the month's row stays locked till it commits,
    /// so a month's versions commit in order and a reader that saw version v has seen every cell changed up to v).
    private func raiseVersion(of month: TradePeriod) async throws -> Int64 {
        try await sql.raw("""
            INSERT INTO trade_months (period, version, reloaded) VALUES (\(bind: month.description), 1, 0)
            ON CONFLICT (period) DO UPDATE SET version = trade_months.version + 1 RETURNING version
            """).first()!.decode(column: "version", as: Int64.self)
    }

    private func replaceRecords(declarationID: String, with records: [TradeRecord]) async throws {
        try await sql.raw("DELETE FROM trade_records WHERE declaration_id = \(bind: declarationID)").run()
        try await insert(records)
    }

    /// Adds records as they are, without counting them (a generated history, summed by ``rebuild()`` after).
    public func insert(_ records: [TradeRecord]) async throws {
        for chunk in records.chunked(into: 500) {
            var values: [StatementValue] = []
            values.reserveCapacity(chunk.count * 14)
            for r in chunk {
                let k = r.cell, m = r.measures
                values += [.text(r.declarationID), .integer(Int64(r.item)), .text(k.period.description), .text(k.flow.rawValue), .text(k.partner),
                           .text(k.code), .text(k.procedure), .text(k.office), .text(k.transport), .text(k.declarant), .integer(m.valueTiyn),
                           .integer(m.valueUSDCents), .integer(m.netMassGrams), .integer(m.supplementaryThousandths)]
            }
            _ = try await sql.rows(of: sql.prepareInsert("""
                INSERT INTO trade_records (declaration_id, item, \(Self.keyColumns), value_tiyn, value_usd_cents, net_mass_grams, supplementary_thousandths)
                """, columns: 14, values: values, tail: ""))
        }
    }

    /// Takes out the records of a generated history (declaration ids beginning "H-"); the cells follow on the next rebuild.
    public func deleteHistory() async throws {
        try await sql.raw("DELETE FROM trade_records WHERE declaration_id LIKE 'H-%'").run()
    }

    /// Adds changes to the cells, marking them with the month's new version. A cell left with no item stays (with
    /// zeros), so that cubes reading the changes see it emptied; a rebuild leaves it out.
    private func apply(_ changes: [TradeCell], version: Int64) async throws {
        for chunk in changes.chunked(into: 500) {
            let rows = chunk.map { c -> SQLQueryString in
                let k = c.key, m = c.measures
                return """
                    (\(bind: k.period.description), \(bind: k.flow.rawValue), \(bind: k.partner), \(bind: k.code), \(bind: k.procedure), \(bind: k.office), \
                    \(bind: k.transport), \(bind: k.declarant), \(bind: m.items), \(bind: m.valueTiyn), \(bind: m.valueUSDCents), \(bind: m.netMassGrams), \
                    \(bind: m.supplementaryThousandths), \(bind: version))
                    """
            }
            try await sql.raw("""
                INSERT INTO trade_cells (\(unsafeRaw: Self.keyColumns), \(unsafeRaw: Self.measureColumns), version) VALUES \(rows.joined(separator: ", "))
                ON CONFLICT (\(unsafeRaw: Self.keyColumns)) DO UPDATE SET items = trade_cells.items + excluded.items,
                  value_tiyn = trade_cells.value_tiyn + excluded.value_tiyn, value_usd_cents = trade_cells.value_usd_cents + excluded.value_usd_cents,
                  net_mass_grams = trade_cells.net_mass_grams + excluded.net_mass_grams,
                  supplementary_thousandths = trade_cells.supplementary_thousandths + excluded.supplementary_thousandths, version = excluded.version
                """).run()
        }
    }

    /// Sums the cells again from the records alone, and marks every month reloaded; answers how many cells there are.
    @discardableResult
    public func rebuild() async throws -> Int {
        if sql.dialect.name == "postgresql" {
            // TRUNCATE instead of deleting ten million rows one by one; memory to sum them by hashing instead of sorting on disk.
            try await sql.raw("TRUNCATE trade_cells").run()
            try await sql.raw("SET LOCAL work_mem = '512MB'").run()
        } else {
            try await sql.raw("DELETE FROM trade_cells").run()
        }
        try await sql.raw("""
            INSERT INTO trade_cells (\(unsafeRaw: Self.keyColumns), \(unsafeRaw: Self.measureColumns))
            SELECT \(unsafeRaw: Self.keyColumns), COUNT(*), SUM(value_tiyn), SUM(value_usd_cents), SUM(net_mass_grams), SUM(supplementary_thousandths)
            FROM trade_records GROUP BY \(unsafeRaw: Self.keyColumns)
            """).run()
        try await sql.raw("""
            INSERT INTO trade_months (period, version, reloaded) SELECT DISTINCT period, 0, 0 FROM trade_cells WHERE true
            ON CONFLICT (period) DO NOTHING
            """).run()
        try await sql.raw("UPDATE trade_months SET version = version + 1, reloaded = version + 1").run()
        return try await sql.raw("SELECT COUNT(*) AS n FROM trade_cells").first()?.decode(column: "n", as: Int.self) ?? 0
    }

    /// Every cell with items, in key order (to compare the kept cells with rebuilt ones).
    public func cells() async throws -> [TradeCell] {
        try await sql.raw("""
            SELECT \(unsafeRaw: Self.keyColumns), \(unsafeRaw: Self.measureColumns) FROM trade_cells WHERE items <> 0 ORDER BY \(unsafeRaw: Self.keyColumns)
            """).all().map { TradeCell(key: try Self.key($0), measures: try Self.measures($0)) }
    }

    // MARK: Answering from the cube

    /// The figures a query asks for, each with the number of distinct declarants behind it (counted up to
    /// ``TradeFigure/declarantsCounted``), in the order of its groups.
    public func figures(_ query: TradeQuery) async throws -> [TradeFigure] {
        try await page(query).figures
    }

    /// The figures of `lines` (by position in the whole answer), and how many lines the whole answer has.
    public func page(_ query: TradeQuery, lines: Range<Int> = 0..<Int.max) async throws -> (figures: [TradeFigure], total: Int) {
        try await cube.current(self).figures(query, lines: lines)
    }

    /// Brings this node's cube up to date (at start, and now and then, so that answers rarely wait for it).
    public func warmCube() async throws {
        _ = try await cube.current(self)
    }

    /// Every month of cells with its versions.
    func months() async throws -> [TradePeriod: Month] {
        var months: [TradePeriod: Month] = [:]
        for row in try await sql.raw("SELECT period, version, reloaded FROM trade_months").all() {
            months[try row.decode(column: "period", parsing: TradePeriod.init)] = Month(version: try row.decode(column: "version", as: Int64.self),
                                                                                        reloaded: try row.decode(column: "reloaded", as: Int64.self))
        }
        return months
    }

    /// The cells of a month changed after version `after`.
    func cells(of month: TradePeriod, changedAfter after: Int64) async throws -> [TradeCell] {
        try await sql.raw("""
            SELECT \(unsafeRaw: Self.keyColumns), \(unsafeRaw: Self.measureColumns) FROM trade_cells
            WHERE period = \(bind: month.description) AND version > \(bind: after)
            """).all().map { TradeCell(key: try Self.key($0), measures: try Self.measures($0)) }
    }

    /// Every cell of these months (of all, when nil), handed to `body` as it is read.
    func streamCells(of months: [TradePeriod]?, _ body: @escaping @Sendable (TradeCell) -> Void) async throws {
        let only: SQLQueryString = months.map { " WHERE period IN (\($0.map { "\(bind: $0.description)" as SQLQueryString }.joined(separator: ", ")))" } ?? ""
        let failure = Mutex<(any Error)?>(nil)
        try await sql.raw("SELECT \(unsafeRaw: Self.packedCell) FROM trade_cells\(only)").run { row in
            do { body(try Self.cell(row)) } catch { failure.withLock { $0 = $0 ?? error } }
        }
        if let error = failure.withLock({ $0 }) { throw error }
    }

    // MARK: Mirror statistics

    /// Keeps a partner's figures, replacing those it reported before for the same flow, period and code.
    public func store(_ figures: [PartnerTradeFigure], at now: Date) async throws {
        for chunk in figures.chunked(into: 500) {
            let rows = chunk.map { f -> SQLQueryString in
                "(\(bind: f.reporter), \(bind: f.partner), \(bind: f.period), \(bind: f.flow.rawValue), \(bind: f.code), \(bind: f.valueUSDCents), \(bind: f.netMassGrams), \(bind: now.microsecondsSince1970))"
            }
            try await sql.raw("""
                INSERT INTO partner_trade (reporter, partner, period, flow, code, value_usd_cents, net_mass_grams, imported_at) VALUES \(rows.joined(separator: ", "))
                ON CONFLICT (reporter, partner, flow, period, code) DO UPDATE SET value_usd_cents = excluded.value_usd_cents,
                  net_mass_grams = excluded.net_mass_grams, imported_at = excluded.imported_at
                """).run()
        }
    }

    /// What `reporter` reports of its `flow` with `partner`, for codes of `digits` digits and periods from `from` to `to`
    /// ("YYYY" or "YYYY-MM", the grain of the comparison).
    public func partnerFigures(reporter: String, partner: String, flow: TradeFlow, digits: Int, from: String, to: String) async throws -> [PartnerTradeFigure] {
        try await sql.raw("""
            SELECT period, code, value_usd_cents, net_mass_grams FROM partner_trade WHERE reporter = \(bind: reporter) AND partner = \(bind: partner)
              AND flow = \(bind: flow.rawValue) AND LENGTH(code) = \(bind: digits) AND LENGTH(period) = \(bind: from.count)
              AND period >= \(bind: from) AND period <= \(bind: to)
            """).all().map { row in
            PartnerTradeFigure(reporter: reporter, partner: partner, period: try row.decode(column: "period", as: String.self), flow: flow,
                               code: try row.decode(column: "code", as: String.self), valueUSDCents: try row.decode(column: "value_usd_cents", as: Int64.self),
                               netMassGrams: try row.decode(column: "net_mass_grams", as: Int64?.self))
        }
    }

    /// Each reporter's latest year of yearly figures of trade with `partner`, by the reporter's flow.
    public func partnerYears(partner: String) async throws -> [(reporter: String, flow: TradeFlow, year: String)] {
        try await sql.raw("""
            SELECT reporter, flow, MAX(period) AS year FROM partner_trade WHERE partner = \(bind: partner) AND LENGTH(period) = 4
            GROUP BY reporter, flow ORDER BY reporter, flow
            """).all().map { row in
            (try row.decode(column: "reporter", as: String.self), try row.decode(column: "flow", parsing: TradeFlow.init(rawValue:)),
             try row.decode(column: "year", as: String.self))
        }
    }

    /// Our figures with `partner` in `flow`, by period (a year's four digits when `yearly`) and code at `digits` digits.
    public func ourFigures(partner: String, flow: TradeFlow, digits: Int, from: String, to: String, yearly: Bool) async throws -> [String: [String: TradeCell.Measures]] {
        func query(_ first: TradePeriod?, _ last: TradePeriod?, by groups: [TradeQuery.Dimension]) -> TradeQuery? {
            guard let first, let last else { return nil }
            return TradeQuery(from: first, to: last, flow: flow, partner: partner, groupBy: groups)
        }
        var figures: [String: [String: TradeCell.Measures]] = [:]
        if yearly {
            guard let first = Int(from), let last = Int(to), first <= last else { return [:] }
            for year in first...last {
                guard let q = query(TradePeriod(year: year, month: 1), TradePeriod(year: year, month: 12), by: [.code(digits: digits)]) else { continue }
                for figure in try await self.figures(q) { figures[String(year), default: [:]][figure.dimensions[0]] = figure.measures }
            }
        } else if let q = query(TradePeriod(from), TradePeriod(to), by: [.period, .code(digits: digits)]) {
            for figure in try await self.figures(q) { figures[figure.dimensions[0], default: [:]][figure.dimensions[1]] = figure.measures }
        }
        return figures
    }

    /// A cell's columns as one text ("2026-10|import|CN|…|1|…"): loading a cube reads millions of cells, and decoding
    /// thirteen columns a row through SQLKit took most of that time on PostgreSQL (the database joins them on its own core).
    static let packedCell = (keyColumns + ", " + measureColumns).split(separator: ", ").joined(separator: " || '|' || ") + " AS cell"

    static func cell(_ row: any SQLRow) throws -> TradeCell {
        let packed = try row.decode(column: "cell", as: String.self)
        // Split on the bytes: splitting on characters (grapheme by grapheme) took a third of the load.
        var fields: [Substring] = [], start = packed.startIndex
        fields.reserveCapacity(13)
        for index in packed.utf8.indices where packed.utf8[index] == UInt8(ascii: "|") {
            fields.append(packed[start..<index])
            start = packed.utf8.index(after: index)
        }
        fields.append(packed[start...])
        let sums = fields.dropFirst(8).compactMap { Int64($0) }
        guard fields.count == 13, sums.count == 5, let period = TradePeriod(String(fields[0])), let flow = TradeFlow(rawValue: String(fields[1])) else {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "trade cell \(packed)"))
        }
        return TradeCell(key: TradeCell.Key(period: period, flow: flow, partner: String(fields[2]), code: String(fields[3]), procedure: String(fields[4]),
                                            office: String(fields[5]), transport: String(fields[6]), declarant: String(fields[7])),
                         measures: TradeCell.Measures(items: sums[0], valueTiyn: sums[1], valueUSDCents: sums[2], netMassGrams: sums[3], supplementaryThousandths: sums[4]))
    }

    static func key(_ row: any SQLRow) throws -> TradeCell.Key {
        TradeCell.Key(period: try row.decode(column: "period", parsing: TradePeriod.init), flow: try row.decode(column: "flow", parsing: TradeFlow.init(rawValue:)),
                      partner: try row.decode(column: "partner", as: String.self), code: try row.decode(column: "code", as: String.self),
                      procedure: try row.decode(column: "procedure", as: String.self), office: try row.decode(column: "office", as: String.self),
                      transport: try row.decode(column: "transport", as: String.self), declarant: try row.decode(column: "declarant", as: String.self))
    }

    static func measures(_ row: any SQLRow) throws -> TradeCell.Measures {
        TradeCell.Measures(items: try row.decode(column: "items", as: Int64.self), valueTiyn: try row.decode(column: "value_tiyn", as: Int64.self),
                           valueUSDCents: try row.decode(column: "value_usd_cents", as: Int64.self),
                           netMassGrams: try row.decode(column: "net_mass_grams", as: Int64.self),
                           supplementaryThousandths: try row.decode(column: "supplementary_thousandths", as: Int64.self))
    }
}
