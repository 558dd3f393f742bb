/// Mirror statistics: our imports from a partner set against the partner's exports to us (or our exports
/// against its imports), by code and period, with the gaps in value and mass, absolute and relative, the
/// largest first. Large gaps point to undervaluation, misdeclared origin or goods that never arrived.
public struct MirrorComparison: Sendable, Equatable {
    public struct Line: Sendable, Equatable {
        public var period: String
        public var code: String
        public var ours: TradeCell.Measures
        public var theirsValueUSDCents: Int64
        public var theirsNetMassGrams: Int64?

        /// Ours less theirs.
        public var valueGapUSDCents: Int64 { ours.valueUSDCents - theirsValueUSDCents }
        public var massGapGrams: Int64? { theirsNetMassGrams.map { ours.netMassGrams - $0 } }
        /// The gap as a share of the partner's figure; nil when the partner reports nothing.
        public var valueGapShare: Double? { theirsValueUSDCents == 0 ? nil : Double(valueGapUSDCents) / Double(theirsValueUSDCents) }
        public var massGapShare: Double? {
            guard let theirs = theirsNetMassGrams, theirs != 0, let gap = massGapGrams else { return nil }
            return Double(gap) / Double(theirs)
        }
        /// The shares in percent to one decimal, as answers show them.
        public var valueGapPercent: Double? { valueGapShare.map(Self.percent) }
        public var massGapPercent: Double? { massGapShare.map(Self.percent) }
        static func percent(_ share: Double) -> Double { (share * 1000).rounded() / 10 }
    }

    public let lines: [Line]

    /// `ours` keyed by period and code at the comparison's grain; `theirs` the partner's figures at that grain.
    public init(ours: [String: [String: TradeCell.Measures]], theirs: [PartnerTradeFigure]) {
        var lines: [String: Line] = [:]
        for (period, codes) in ours {
            for (code, measures) in codes {
                lines[period + "|" + code] = Line(period: period, code: code, ours: measures, theirsValueUSDCents: 0, theirsNetMassGrams: nil)
            }
        }
        for figure in theirs {
            let key = figure.period + "|" + figure.code
            var line = lines[key] ?? Line(period: figure.period, code: figure.code, ours: .init(), theirsValueUSDCents: 0, theirsNetMassGrams: nil)
            line.theirsValueUSDCents += figure.valueUSDCents
            if let mass = figure.netMassGrams { line.theirsNetMassGrams = (line.theirsNetMassGrams ?? 0) + mass }
            lines[key] = line
        }
        self.lines = lines.values.sorted {
            ($0.valueGapUSDCents.magnitude, $1.period, $1.code) > ($1.valueGapUSDCents.magnitude, $0.period, $0.code)
        }
    }
}
