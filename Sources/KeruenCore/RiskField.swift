/// What a risk test may look at. Item fields are read per goods item (a profile fires if one item
/// satisfies its condition together with the declaration's fields); the rest once per declaration.
public enum RiskField: String, Codable, Sendable, CaseIterable {
    case commodityCode
    case originCountry
    case dispatchCountry
    case destinationCountry
    case declarant
    case consignor
    case consignee
    case procedure
    case office
    case transportMode
    /// The item's customs value in US dollars per kilogram of net mass.
    case valuePerKg
    /// Net mass ÷ gross mass.
    case netToGross
    /// Net kilograms per supplementary unit (piece, pair, litre…).
    case massPerUnit
    case supplementaryQuantity
    /// The mirror gap of the item's commodity with its partner country, in percent (``MirrorGaps``).
    case mirrorGap
    /// The codes of the documents presented for the item (graph 44).
    case documents
    /// The declarant's share of past controls that found a violation (0–1).
    case violationShare
    /// How many of the declarant's declarations were controlled before.
    case controls
    case aeo
    case newTrader
    /// The learned model's score (0–1).
    case riskScore

    public enum Kind: Sendable {
        case code, country, text, number, flag, documents
    }

    public var kind: Kind {
        switch self {
        case .commodityCode: .code
        case .originCountry, .dispatchCountry, .destinationCountry: .country
        case .declarant, .consignor, .consignee, .procedure, .office, .transportMode: .text
        case .valuePerKg, .netToGross, .massPerUnit, .supplementaryQuantity, .mirrorGap, .violationShare, .controls, .riskScore: .number
        case .aeo, .newTrader: .flag
        case .documents: .documents
        }
    }

    public var isItemField: Bool {
        switch self {
        case .commodityCode, .originCountry, .valuePerKg, .netToGross, .massPerUnit, .supplementaryQuantity, .mirrorGap, .documents: true
        default: false
        }
    }
}
