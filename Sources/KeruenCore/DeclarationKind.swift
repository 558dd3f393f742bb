/// What a goods declaration declares: import (`IM`), export (`EK`) or transit (`TT`).
public enum DeclarationKind: String, Codable, Sendable, CaseIterable {
    case `import` = "IM"
    case export = "EK"
    case transit = "TT"

    /// Customs procedures a declaration of this kind may place goods under (EAEU procedure codes).
    public var allowedProcedures: Set<String> {
        switch self {
        case .import: ["40", "51", "53"]
        case .export: ["10", "31"]
        case .transit: ["80"]
        }
    }
}
