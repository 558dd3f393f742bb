import Foundation

/// What a declarant writes in a goods declaration: the header and up to 999 goods items.
/// Every field is optional so that a half-finished draft can be kept; `DeclarationValidator`
/// says what is missing or wrong before the declaration may be submitted.
public struct DeclarationContent: Codable, Sendable, Equatable {
    public var kind: DeclarationKind?
    public var procedure: String?
    public var officeCode: String?
    public var declarant: Party?
    public var representative: Party?
    public var consignor: Party?
    public var consignee: Party?
    public var transport: Transport?
    public var invoiceCurrency: String?
    public var invoiceTotal: Decimal?
    public var incoterms: Incoterms?
    public var dispatchCountry: String?
    public var destinationCountry: String?
    public var items: [GoodsItem]

    public init(
        kind: DeclarationKind? = nil, procedure: String? = nil, officeCode: String? = nil,
        declarant: Party? = nil, representative: Party? = nil, consignor: Party? = nil, consignee: Party? = nil,
        transport: Transport? = nil, invoiceCurrency: String? = nil, invoiceTotal: Decimal? = nil,
        incoterms: Incoterms? = nil, dispatchCountry: String? = nil, destinationCountry: String? = nil,
        items: [GoodsItem] = []
    ) {
        self.kind = kind
        self.procedure = procedure
        self.officeCode = officeCode
        self.declarant = declarant
        self.representative = representative
        self.consignor = consignor
        self.consignee = consignee
        self.transport = transport
        self.invoiceCurrency = invoiceCurrency
        self.invoiceTotal = invoiceTotal
        self.incoterms = incoterms
        self.dispatchCountry = dispatchCountry
        self.destinationCountry = destinationCountry
        self.items = items
    }

    /// The 10-digit commodity codes of the items, for the commodity-code filter.
    public var commodityCodes: [String] { items.compactMap(\.commodityCode) }
}

/// A declarant, representative, consignor or consignee. Kazakh parties carry a BIN or IIN; foreign ones a country.
public struct Party: Codable, Sendable, Equatable {
    public var identificationNumber: String?
    public var name: String?
    public var country: String?
    public var address: String?

    public init(identificationNumber: String? = nil, name: String? = nil, country: String? = nil, address: String? = nil) {
        self.identificationNumber = identificationNumber
        self.name = name
        self.country = country
        self.address = address
    }
}

/// The means of transport at the border: mode (EAEU classifier: 10 sea, 20 rail, 30 road, 40 air, …),
/// the vehicle's registration and its nationality.
public struct Transport: Codable, Sendable, Equatable {
    public var mode: String?
    public var identification: String?
    public var nationality: String?

    public static let modes: Set<String> = ["10", "20", "30", "40", "50", "71", "72", "80", "90"]

    public init(mode: String? = nil, identification: String? = nil, nationality: String? = nil) {
        self.mode = mode
        self.identification = identification
        self.nationality = nationality
    }
}

/// Delivery terms (Incoterms 2020) and the named place.
public struct Incoterms: Codable, Sendable, Equatable {
    public var code: String?
    public var place: String?

    public static let codes: Set<String> = ["EXW", "FCA", "CPT", "CIP", "DAP", "DPU", "DDP", "FAS", "FOB", "CFR", "CIF"]

    public init(code: String? = nil, place: String? = nil) {
        self.code = code
        self.place = place
    }
}

/// One goods item (a line of the declaration).
public struct GoodsItem: Codable, Sendable, Equatable {
    public var commodityCode: String?
    public var description: String?
    public var originCountry: String?
    /// Kilograms.
    public var grossMass: Decimal?
    /// Kilograms.
    public var netMass: Decimal?
    public var supplementaryQuantity: Decimal?
    /// EAEU unit code, e.g. 796 pieces, 112 litres, 715 pairs.
    public var supplementaryUnit: String?
    public var invoiceValue: Decimal?
    /// Customs valuation method 1–6 (1: transaction value).
    public var valuationMethod: Int?

    /// Units of supplementary quantity in the EAEU classifier that the system knows.
    public static let units: Set<String> = ["796", "112", "715", "055", "113", "006", "166", "018", "114", "117", "778", "839"]

    public init(
        commodityCode: String? = nil, description: String? = nil, originCountry: String? = nil,
        grossMass: Decimal? = nil, netMass: Decimal? = nil, supplementaryQuantity: Decimal? = nil,
        supplementaryUnit: String? = nil, invoiceValue: Decimal? = nil, valuationMethod: Int? = nil
    ) {
        self.commodityCode = commodityCode
        self.description = description
        self.originCountry = originCountry
        self.grossMass = grossMass
        self.netMass = netMass
        self.supplementaryQuantity = supplementaryQuantity
        self.supplementaryUnit = supplementaryUnit
        self.invoiceValue = invoiceValue
        self.valuationMethod = valuationMethod
    }
}
