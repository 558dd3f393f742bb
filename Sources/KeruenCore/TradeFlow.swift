/// The direction of trade a statistical record counts: goods brought into the country or taken out.
public enum TradeFlow: String, Codable, Sendable, CaseIterable {
    case `import`
    case export

    /// The letter UN Comtrade and the customs union's statistics use ("M", "X").
    public var letter: String { self == .import ? "M" : "X" }

    public init?(letter: String) {
        switch letter {
        case "M": self = .import
        case "X": self = .export
        default: return nil
        }
    }
}
