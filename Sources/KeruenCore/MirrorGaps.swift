/// What risk profiles read of mirror statistics (``RiskField/mirrorGap``): for a flow, a partner and a commodity,
/// how far our figure of the latest year the partner reported lies from the partner's mirror figure, in percent
/// of the partner's (``MirrorComparison/Line/valueGapPercent``). −60 on imports from a country: we counted 60 %
/// less than it saw leave for us — undervaluation, another declared origin, or goods that never passed customs.
public struct MirrorGaps: Sendable {
    private var gaps: [String: Double] = [:]

    public init() {}

    /// Takes the lines of one comparison: our `flow` with `partner` against the partner's opposite flow.
    public mutating func add(_ comparison: MirrorComparison, flow: TradeFlow, partner: String) {
        for line in comparison.lines {
            if let percent = line.valueGapPercent { gaps[Self.key(flow, partner, line.code)] = percent }
        }
    }

    /// The gap of the finest level the partner reported the commodity at (subheading, heading, then chapter); nil if it reported none.
    public func gap(flow: TradeFlow, partner: String, code: String) -> Double? {
        for digits in [6, 4, 2] where code.utf8.count >= digits {
            if let gap = gaps[Self.key(flow, partner, String(code.prefix(digits)))] { return gap }
        }
        return nil
    }

    public var isEmpty: Bool { gaps.isEmpty }

    private static func key(_ flow: TradeFlow, _ partner: String, _ code: String) -> String { flow.rawValue + partner + code }
}
