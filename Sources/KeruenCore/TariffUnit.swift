import Foundation

/// The unit a specific rate is charged per, by its EAEU unit classifier code. Kilograms are the
/// item's net mass; every other unit is the supplementary quantity, which must be declared in it.
public enum TariffUnit: String, Sendable, Codable, CaseIterable, Hashable {
    case kilogram = "166"
    case litre = "112"
    case piece = "796"
    case pair = "715"
    case squareMetre = "055"
    case cubicMetre = "113"
    case metre = "006"
    case thousandPieces = "798"
    /// The customs fee: once per declaration.
    case declaration = "declaration"

    /// Names accepted in tariff files besides the code.
    public init?(name: String) {
        switch name.lowercased() {
        case "kg", "166": self = .kilogram
        case "l", "litre", "liter", "112": self = .litre
        case "piece", "pcs", "796": self = .piece
        case "pair", "715": self = .pair
        case "m2", "m²", "055": self = .squareMetre
        case "m3", "m³", "113": self = .cubicMetre
        case "m", "006": self = .metre
        case "1000pcs", "798": self = .thousandPieces
        case "declaration": self = .declaration
        default: return nil
        }
    }

    /// How many of this unit the item declares, or nil when it does not declare them.
    public func quantity(of item: GoodsItem) -> Decimal? {
        switch self {
        case .kilogram: item.netMass
        case .declaration: 1
        default: item.supplementaryUnit == rawValue ? item.supplementaryQuantity : nil
        }
    }
}
