/// Where a query's periods are read: whole years from the yearly summaries, other months from the monthly
/// ones, and months whose summaries lag their cells (stale) from the cells, so that an answer is always exact.
/// Ranges are inclusive and in the summaries' period text ("2024" for a year row, "2024-03" for a month).
public struct TradeSummaryPlan: Sendable, Equatable {
    public var years: [ClosedRange<String>] = []
    public var months: [ClosedRange<String>] = []
    public var staleMonths: [String] = []

    /// `byMonth` when the answer is grouped by period: then no yearly row can be used.
    public init(from: TradePeriod, to: TradePeriod, stale: Set<TradePeriod>, byMonth: Bool) {
        guard from <= to else { return }
        let staleYears = Set(stale.map(\.year))
        for year in from.year...to.year {
            let first = TradePeriod(year: year, month: 1)!, last = TradePeriod(year: year, month: 12)!
            if !byMonth, from <= first, last <= to, !staleYears.contains(year) {
                Self.extend(&years, with: String(year), after: String(year - 1))
                continue
            }
            for month in 1...12 {
                let period = TradePeriod(year: year, month: month)!
                guard from <= period, period <= to else { continue }
                if stale.contains(period) { staleMonths.append(period.description); continue }
                Self.extend(&months, with: period.description, after: period.previous.description)
            }
        }
    }

    /// Appends `period` to the last range if that range ends just `after` it, else starts a new range.
    private static func extend(_ ranges: inout [ClosedRange<String>], with period: String, after previous: String) {
        if let last = ranges.last, last.upperBound == previous {
            ranges[ranges.count - 1] = last.lowerBound...period
        } else {
            ranges.append(period...period)
        }
    }
}
