/// A question put to the trade figures: which cells (filters) and how to sum them (grouping).
public struct TradeQuery: Sendable, Hashable {
    public var from: TradePeriod
    public var to: TradePeriod
    public var flow: TradeFlow?
    public var partner: String?
    /// Codes beginning with these digits (a chapter "87", a heading "8703"…).
    public var codePrefix: String?
    public var procedure: String?
    public var office: String?
    public var transport: String?
    public var groupBy: [Dimension]

    /// What figures can be grouped by; the commodity code at the level of the HS (2, 4, 6 digits) or the national 10.
    public enum Dimension: Sendable, Hashable {
        case period, flow, partner, procedure, office, transport
        case code(digits: Int)

        /// As written in a request and as a column of an answer: "period", "code4"…
        public var name: String {
            switch self {
            case .period: "period"
            case .flow: "flow"
            case .partner: "partner"
            case .procedure: "procedure"
            case .office: "office"
            case .transport: "transport"
            case .code(let digits): "code\(digits)"
            }
        }

        public init?(name: String) {
            switch name {
            case "period": self = .period
            case "flow": self = .flow
            case "partner": self = .partner
            case "procedure": self = .procedure
            case "office": self = .office
            case "transport": self = .transport
            case "code2", "chapter": self = .code(digits: 2)
            case "code4", "heading": self = .code(digits: 4)
            case "code6", "subheading": self = .code(digits: 6)
            case "code10", "code": self = .code(digits: 10)
            default: return nil
            }
        }
    }

    /// Two to ten digits: a chapter, heading, subheading or any longer beginning of a national code.
    public static func isCodePrefix(_ text: String) -> Bool {
        (2...10).contains(text.count) && text.allSatisfy(\.isASCIIDigit)
    }

    public init(from: TradePeriod, to: TradePeriod, flow: TradeFlow? = nil, partner: String? = nil, codePrefix: String? = nil,
                procedure: String? = nil, office: String? = nil, transport: String? = nil, groupBy: [Dimension] = [.period]) {
        self.from = from
        self.to = to
        self.flow = flow
        self.partner = partner
        self.codePrefix = codePrefix
        self.procedure = procedure
        self.office = office
        self.transport = transport
        self.groupBy = groupBy
    }
}
