import Foundation
import KeruenCore
import SQLKit

/// The summaries behind fast answers: the cells summed at each ``TradeSummaryGrain`` by month and by year,
/// with each summary row's few smallest declarants. A change to a month's cells marks the month stale; until
/// its summaries are made again (``refresh(month:)``), queries read that month from the cells, so an answer
/// is always exact and only its speed depends on the summaries.
extension StatisticsRepository {
    /// Yearly rows are kept under their grain's id plus this, so a year's row never falls in a range of months.
    static let yearlyGrain = 100
    static let dimensionColumns = "period, flow, partner, code, procedure, office, transport"
    /// The dimensions a grain keeps or blanks, in the summaries' column order.
    static let summedDimensions = ["partner", "code", "procedure", "office", "transport"]

    /// The figures a query asks for, each with the number of distinct declarants behind it (counted up to
    /// ``TradeSummaryGrain/declarantsKept``), in the order of its groups.
    public func figures(_ query: TradeQuery) async throws -> [TradeFigure] {
        let filters = Self.filters(query)
        var measureSources: [SQLQueryString] = [], declarantSources: [SQLQueryString] = []
        func read(_ table: String, where condition: SQLQueryString, declarants: String) {
            let conditions = ([condition] + filters).joined(separator: " AND ")
            measureSources.append("SELECT \(unsafeRaw: Self.dimensionColumns), \(unsafeRaw: Self.measureColumns) FROM \(unsafeRaw: table) WHERE \(conditions)")
            declarantSources.append("SELECT \(unsafeRaw: Self.dimensionColumns), declarant FROM \(unsafeRaw: declarants) WHERE \(conditions)")
        }
        if let grain = TradeSummaryGrain.serving(query) {
            let plan = TradeSummaryPlan(from: query.from, to: query.to, stale: Set(try await staleMonths().keys), byMonth: query.groupBy.contains(.period))
            // A branch per range: given ORs of ranges, SQLite's planner fell back to reading every row of the grain.
            for (id, ranges) in [(grain.id + Self.yearlyGrain, plan.years), (grain.id, plan.months)] {
                for range in ranges {
                    read("trade_summaries", where: "grain = \(bind: id) AND period BETWEEN \(bind: range.lowerBound) AND \(bind: range.upperBound)",
                         declarants: "trade_summary_declarants")
                }
            }
            if !plan.staleMonths.isEmpty {
                read("trade_cells", where: "period IN (\(plan.staleMonths.map { "\(bind: $0)" as SQLQueryString }.joined(separator: ", ")))", declarants: "trade_cells")
            }
        } else {
            read("trade_cells", where: "period >= \(bind: query.from.description) AND period <= \(bind: query.to.description)", declarants: "trade_cells")
        }
        guard !measureSources.isEmpty else { return [] }

        let groups = query.groupBy.enumerated().map { index, dimension in (Self.expression(dimension), "g\(index)") }
        let selected = groups.map { "\($0.0) AS \($0.1)" }.joined(separator: ", ")
        let grouping = groups.isEmpty ? "" : " GROUP BY " + groups.map(\.1).joined(separator: ", ")
        let measures = try await sql.raw("""
            SELECT \(unsafeRaw: selected.isEmpty ? "" : selected + ", ")\(unsafeRaw: Self.summed)
            FROM (\(measureSources.joined(separator: " UNION ALL "))) AS s\(unsafeRaw: grouping)\(unsafeRaw: groups.isEmpty ? "" : " ORDER BY " + groups.map(\.1).joined(separator: ", "))
            """).all()
        var declarants: [[String]: Int] = [:]
        for row in try await sql.raw("""
            SELECT \(unsafeRaw: selected.isEmpty ? "" : selected + ", ")COUNT(DISTINCT declarant) AS declarants
            FROM (\(declarantSources.joined(separator: " UNION ALL "))) AS s\(unsafeRaw: grouping)
            """).all() {
            declarants[try groups.map { try row.decode(column: $0.1, as: String.self) }] = try row.decode(column: "declarants", as: Int.self)
        }
        return try measures.compactMap { row in
            // With no grouping an empty selection still gives one line, of nothing.
            if groups.isEmpty, try row.decodeNil(column: "items") { return nil }
            let dimensions = try groups.map { try row.decode(column: $0.1, as: String.self) }
            return TradeFigure(dimensions: dimensions, measures: try Self.measures(row),
                               declarants: min(declarants[dimensions] ?? 0, TradeSummaryGrain.declarantsKept))
        }
    }

    /// The conditions of a query's filters other than its periods (binds only: nothing a request sends reaches the SQL text).
    private static func filters(_ query: TradeQuery) -> [SQLQueryString] {
        var conditions: [SQLQueryString] = []
        if let flow = query.flow { conditions.append("flow = \(bind: flow.rawValue)") }
        if let partner = query.partner { conditions.append("partner = \(bind: partner)") }
        // A range, not LIKE, so that an index on the code serves it (codes are digits: the prefix's codes lie between it and it followed by nines).
        if let prefix = query.codePrefix {
            conditions.append("code >= \(bind: prefix) AND code <= \(bind: prefix + String(repeating: "9", count: max(0, 10 - prefix.count)))")
        }
        if let procedure = query.procedure { conditions.append("procedure = \(bind: procedure)") }
        if let office = query.office { conditions.append("office = \(bind: office)") }
        if let transport = query.transport { conditions.append("transport = \(bind: transport)") }
        return conditions
    }

    // MARK: Keeping the summaries

    /// Months whose summaries lag their cells, with the version of their last change.
    public func staleMonths() async throws -> [TradePeriod: Int64] {
        var stale: [TradePeriod: Int64] = [:]
        for row in try await sql.raw("SELECT period, version FROM trade_stale_periods").all() {
            stale[try row.decode(column: "period", parsing: TradePeriod.init)] = try row.decode(column: "version", as: Int64.self)
        }
        return stale
    }

    func markStale(_ months: Set<TradePeriod>) async throws {
        for month in months.sorted() {
            try await sql.raw("""
                INSERT INTO trade_stale_periods (period, version) VALUES (\(bind: month.description), 1)
                ON CONFLICT (period) DO UPDATE SET version = trade_stale_periods.version + 1
                """).run()
        }
    }

    /// Makes stale months' summaries again from their cells, and their year's once from its months; a month stays
    /// marked if it changed again since its version was read (a release committed meanwhile is summed by the next refresh).
    public func refresh(year: Int, months: [TradePeriod: Int64]) async throws {
        for month in months.keys.sorted() { try await summarise(month: month) }
        try await summarise(year: year)
        for (month, version) in months {
            try await sql.raw("DELETE FROM trade_stale_periods WHERE period = \(bind: month.description) AND version = \(bind: version)").run()
        }
    }

    /// Every summary made again from the cells (after the cells were rebuilt).
    func rebuildSummaries() async throws {
        for table in ["trade_summaries", "trade_summary_declarants", "trade_stale_periods"] {
            try await sql.raw("DELETE FROM \(unsafeRaw: table)").run()
        }
        let months = try await sql.raw("SELECT DISTINCT period FROM trade_cells ORDER BY period").all()
            .map { try $0.decode(column: "period", parsing: TradePeriod.init) }
        for month in months { try await summarise(month: month) }
        for year in Set(months.map(\.year)).sorted() { try await summarise(year: year) }
    }

    /// A month's summary rows at every grain, from its cells.
    private func summarise(month: TradePeriod) async throws {
        let period = month.description
        for grain in TradeSummaryGrain.all {
            try await replace(grain: grain.id, period: period, from: "trade_cells", where: "period = \(bind: period)",
                              dimensions: Self.dimensions(of: grain), declarants: "trade_cells")
        }
    }

    /// A year's summary rows at every grain, from its months' rows (the smallest declarants of a union are the smallest of its parts' smallest).
    private func summarise(year: Int) async throws {
        let months: SQLQueryString = "period BETWEEN \(bind: String(year) + "-01") AND \(bind: String(year) + "-12")"
        for grain in TradeSummaryGrain.all {
            try await replace(grain: grain.id + Self.yearlyGrain, period: String(year), from: "trade_summaries", where: "grain = \(bind: grain.id) AND \(months)",
                              dimensions: Self.summedDimensions, declarants: "trade_summary_declarants")
        }
    }

    /// Replaces the rows of `grain` and `period` with the sums of the `source` rows matching `condition`, grouped by
    /// `dimensions` (expressions for partner, code, procedure, office and transport; '' for one the grain does not keep).
    private func replace(grain: Int, period: String, from source: String, where condition: SQLQueryString,
                         dimensions: [String], declarants: String) async throws {
        for table in ["trade_summaries", "trade_summary_declarants"] {
            try await sql.raw("DELETE FROM \(unsafeRaw: table) WHERE grain = \(bind: grain) AND period = \(bind: period)").run()
        }
        let selected = zip(dimensions, Self.summedDimensions).map { "\($0) AS \($1)" }.joined(separator: ", ")
        // Grouped by the derived table's columns: PostgreSQL refuses a constant in GROUP BY, not a column that holds one.
        let grouping = "flow, " + Self.summedDimensions.joined(separator: ", ")
        let measureSums = Self.measureColumns.split(separator: ", ").map { "SUM(\($0))" }.joined(separator: ", ")
        try await sql.raw("""
            INSERT INTO trade_summaries (grain, \(unsafeRaw: Self.dimensionColumns), \(unsafeRaw: Self.measureColumns))
            SELECT \(bind: grain), \(bind: period), flow, partner, code, procedure, office, transport, \(unsafeRaw: measureSums)
            FROM (SELECT flow, \(unsafeRaw: selected), \(unsafeRaw: Self.measureColumns) FROM \(unsafeRaw: source) WHERE \(condition)) AS s
            GROUP BY \(unsafeRaw: grouping)
            """).run()
        try await sql.raw("""
            INSERT INTO trade_summary_declarants (grain, \(unsafeRaw: Self.dimensionColumns), declarant)
            SELECT \(bind: grain), \(bind: period), flow, partner, code, procedure, office, transport, declarant FROM (
              SELECT d.*, ROW_NUMBER() OVER (PARTITION BY \(unsafeRaw: grouping) ORDER BY declarant) AS n
              FROM (SELECT DISTINCT flow, \(unsafeRaw: selected), declarant FROM \(unsafeRaw: declarants) WHERE \(condition)) AS d
            ) AS r WHERE n <= \(bind: TradeSummaryGrain.declarantsKept)
            """).run()
    }

    /// The expressions that give a grain's dimensions from the cells.
    private static func dimensions(of grain: TradeSummaryGrain) -> [String] {
        let none = "CAST('' AS TEXT)"
        let code = switch grain.codeDigits {
        case 0: none
        case 10...: "code"
        default: "SUBSTR(code, 1, \(grain.codeDigits))"
        }
        return [grain.partner ? "partner" : none, code] + (grain.route ? ["procedure", "office", "transport"] : [none, none, none])
    }
}
