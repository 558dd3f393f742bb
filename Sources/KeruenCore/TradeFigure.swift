/// One line of an answer to a ``TradeQuery``: the values of the grouping dimensions, in the query's order,
/// the sums, and how many declarants they come from.
public struct TradeFigure: Sendable, Hashable {
    public var dimensions: [String]
    public var measures: TradeCell.Measures
    public var declarants: Int
    /// The sums are withheld: too few declarants for the public to see them (statistical confidentiality).
    public var suppressed: Bool

    public init(dimensions: [String], measures: TradeCell.Measures, declarants: Int, suppressed: Bool = false) {
        self.dimensions = dimensions
        self.measures = measures
        self.declarants = declarants
        self.suppressed = suppressed
    }

    /// How far distinct declarants are counted: enough to decide confidentiality (the threshold is at most this), and
    /// a count per line stays a few numbers however many traders a line sums.
    public static let declarantsCounted = 5

    /// The declarants as a reader sees them: "5+" where the count stopped.
    public var declarantsText: String {
        declarants >= Self.declarantsCounted ? "\(declarants)+" : String(declarants)
    }

    /// The figure as the public may see it: a line from fewer than `threshold` declarants keeps its place
    /// but not its sums, so that no one trader's business can be read from it.
    public func confidential(threshold: Int) -> TradeFigure {
        guard declarants < threshold else { return self }
        return TradeFigure(dimensions: dimensions, measures: TradeCell.Measures(), declarants: 0, suppressed: true)
    }

    /// Figures as a CSV file: a column per grouping dimension, then the sums; withheld lines say so instead.
    public static func csv(_ figures: [TradeFigure], groupedBy dimensions: [TradeQuery.Dimension], showingDeclarants: Bool) -> String {
        var header = dimensions.map(\.name) + ["items", "value_usd", "value_kzt", "net_mass_kg", "supplementary_quantity"]
        if showingDeclarants { header.append("declarants") }
        var lines = [header.joined(separator: ",")]
        for figure in figures {
            let m = figure.measures
            var fields = figure.dimensions.map(CSVField.escaped)
            fields += figure.suppressed ? ["", "confidential", "confidential", "confidential", "confidential"]
                : [String(m.items), m.valueUSDText, m.valueKZTText, m.netMassKgText, m.supplementaryText]
            if showingDeclarants { fields.append(String(figure.declarants)) }
            lines.append(fields.joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }
}
