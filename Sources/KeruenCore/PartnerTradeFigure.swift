/// A partner country's own figure of its trade with another country, as it reports it to UN Comtrade: the
/// other side of mirror statistics.
public struct PartnerTradeFigure: Sendable, Hashable {
    /// The reporting country (ISO 3166 alpha-2).
    public var reporter: String
    public var partner: String
    /// "YYYY" for a year, "YYYY-MM" for a month.
    public var period: String
    /// The reporter's own flow: its exports to us are our imports from it.
    public var flow: TradeFlow
    /// HS code at 2, 4 or 6 digits, or "TOTAL".
    public var code: String
    public var valueUSDCents: Int64
    /// Nil when the reporter gives no mass.
    public var netMassGrams: Int64?

    public init(reporter: String, partner: String, period: String, flow: TradeFlow, code: String, valueUSDCents: Int64, netMassGrams: Int64?) {
        self.reporter = reporter
        self.partner = partner
        self.period = period
        self.flow = flow
        self.code = code
        self.valueUSDCents = valueUSDCents
        self.netMassGrams = netMassGrams
    }
}
