import Foundation
import KeruenCore
import SQLKit

/// Foreign-trade statistics: the records of released declarations' goods items and the cells summed
/// from them. The cells are changed with each release or correction in its transaction, and can be
/// rebuilt from the records alone (``rebuild()``), with the same result.
public struct StatisticsRepository: Sendable {
    let sql: any SQLDatabase

    static let keyColumns = "period, flow, partner, code, procedure, office, transport, declarant"
    static let measureColumns = "items, value_tiyn, value_usd_cents, net_mass_grams, supplementary_thousandths"
    /// The measures summed under their own names. PostgreSQL sums BIGINTs as NUMERIC: cast back, the sums stay far inside 64 bits.
    static let summed = measureColumns.split(separator: ", ").map { "CAST(SUM(\($0)) AS BIGINT) AS \($0)" }.joined(separator: ", ")

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
        try await apply(changes)
        try await markStale(Set(changes.map(\.key.period)))
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

    /// Adds changes to the cells; a cell left with no item is removed.
    private func apply(_ changes: [TradeCell]) async throws {
        for chunk in changes.chunked(into: 500) {
            let rows = chunk.map { c -> SQLQueryString in
                let k = c.key, m = c.measures
                return """
                    (\(bind: k.period.description), \(bind: k.flow.rawValue), \(bind: k.partner), \(bind: k.code), \(bind: k.procedure), \(bind: k.office), \
                    \(bind: k.transport), \(bind: k.declarant), \(bind: m.items), \(bind: m.valueTiyn), \(bind: m.valueUSDCents), \(bind: m.netMassGrams), \
                    \(bind: m.supplementaryThousandths))
                    """
            }
            try await sql.raw("""
                INSERT INTO trade_cells (\(unsafeRaw: Self.keyColumns), \(unsafeRaw: Self.measureColumns)) VALUES \(rows.joined(separator: ", "))
                ON CONFLICT (\(unsafeRaw: Self.keyColumns)) DO UPDATE SET items = trade_cells.items + excluded.items,
                  value_tiyn = trade_cells.value_tiyn + excluded.value_tiyn, value_usd_cents = trade_cells.value_usd_cents + excluded.value_usd_cents,
                  net_mass_grams = trade_cells.net_mass_grams + excluded.net_mass_grams,
                  supplementary_thousandths = trade_cells.supplementary_thousandths + excluded.supplementary_thousandths
                """).run()
        }
        for emptied in changes where emptied.measures.items < 0 {
            let k = emptied.key
            try await sql.raw("""
                DELETE FROM trade_cells WHERE period = \(bind: k.period.description) AND flow = \(bind: k.flow.rawValue) AND partner = \(bind: k.partner)
                  AND code = \(bind: k.code) AND procedure = \(bind: k.procedure) AND office = \(bind: k.office) AND transport = \(bind: k.transport)
                  AND declarant = \(bind: k.declarant) AND items = 0
                """).run()
        }
    }

    /// Sums the cells again from the records alone, and the summaries from the cells; answers how many cells there are.
    @discardableResult
    public func rebuild() async throws -> Int {
        try await sql.raw("DELETE FROM trade_cells").run()
        try await sql.raw("""
            INSERT INTO trade_cells (\(unsafeRaw: Self.keyColumns), \(unsafeRaw: Self.measureColumns))
            SELECT \(unsafeRaw: Self.keyColumns), COUNT(*), SUM(value_tiyn), SUM(value_usd_cents), SUM(net_mass_grams), SUM(supplementary_thousandths)
            FROM trade_records GROUP BY \(unsafeRaw: Self.keyColumns)
            """).run()
        try await rebuildSummaries()
        return try await sql.raw("SELECT COUNT(*) AS n FROM trade_cells").first()?.decode(column: "n", as: Int.self) ?? 0
    }

    /// Every cell, in key order (to compare the kept cells with rebuilt ones).
    public func cells() async throws -> [TradeCell] {
        try await sql.raw("SELECT \(unsafeRaw: Self.keyColumns), \(unsafeRaw: Self.measureColumns) FROM trade_cells ORDER BY \(unsafeRaw: Self.keyColumns)")
            .all().map { TradeCell(key: try Self.key($0), measures: try Self.measures($0)) }
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

    /// The column or expression a dimension groups by (fixed text: nothing a request sends reaches the SQL but binds).
    static func expression(_ dimension: TradeQuery.Dimension) -> String {
        switch dimension {
        case .period: "period"
        case .flow: "flow"
        case .partner: "partner"
        case .procedure: "procedure"
        case .office: "office"
        case .transport: "transport"
        case .code(let digits): digits >= 10 ? "code" : "SUBSTR(code, 1, \(digits))"
        }
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
