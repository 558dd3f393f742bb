/// A grain at which the trade cells are summed ahead of time: which dimensions a summary keeps besides
/// the period and the flow. A query is answered from the smallest grain that keeps every dimension it
/// filters or groups by (``serving(_:)``), or from the cells themselves when none does.
///
/// The grains were chosen for the questions the explorer and the API are asked: by partner, by commodity
/// (at 4 and 10 digits), by route (procedure, office, transport), and their pairs.
public struct TradeSummaryGrain: Sendable, Hashable {
    /// Kept in the summaries' `grain` column; never renumbered (the summaries are rebuilt if the list changes).
    public let id: Int
    public let partner: Bool
    /// The commodity code's digits kept (0: none).
    public let codeDigits: Int
    /// Procedure, office and transport, kept together.
    public let route: Bool

    /// From the smallest to the largest, as a month of a realistic history fills them.
    public static let all: [TradeSummaryGrain] = [
        TradeSummaryGrain(id: 1, partner: true, codeDigits: 0, route: false),
        TradeSummaryGrain(id: 2, partner: false, codeDigits: 0, route: true),
        TradeSummaryGrain(id: 3, partner: false, codeDigits: 4, route: false),
        TradeSummaryGrain(id: 4, partner: true, codeDigits: 0, route: true),
        TradeSummaryGrain(id: 5, partner: true, codeDigits: 4, route: false),
        TradeSummaryGrain(id: 6, partner: false, codeDigits: 4, route: true),
        TradeSummaryGrain(id: 7, partner: false, codeDigits: 10, route: false),
        TradeSummaryGrain(id: 8, partner: true, codeDigits: 6, route: false),
    ]

    /// How many of the smallest declarants each summary row keeps. A line's declarants are counted exactly up
    /// to this many (the union of the rows' smallest is the union's smallest), which is all confidentiality
    /// needs; the threshold may not exceed it.
    public static let declarantsKept = 5

    /// The smallest grain that can answer `query`, or nil when only the cells can.
    public static func serving(_ query: TradeQuery) -> TradeSummaryGrain? {
        var partner = query.partner != nil, route = query.procedure != nil || query.office != nil || query.transport != nil
        var digits = query.codePrefix?.count ?? 0
        for dimension in query.groupBy {
            switch dimension {
            case .partner: partner = true
            case .procedure, .office, .transport: route = true
            case .code(let d): digits = max(digits, d)
            case .period, .flow: break
            }
        }
        return all.first { (!partner || $0.partner) && (!route || $0.route) && digits <= $0.codeDigits }
    }
}
