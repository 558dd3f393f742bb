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
    /// Transport, insurance and other costs up to the border that customs value method 1 adds to the price.
    public var additions: ValuationAdditions?
    public var dispatchCountry: String?
    public var destinationCountry: String?
    public var items: [GoodsItem]

    public init(
        kind: DeclarationKind? = nil, procedure: String? = nil, officeCode: String? = nil,
        declarant: Party? = nil, representative: Party? = nil, consignor: Party? = nil, consignee: Party? = nil,
        transport: Transport? = nil, invoiceCurrency: String? = nil, invoiceTotal: Decimal? = nil,
        incoterms: Incoterms? = nil, additions: ValuationAdditions? = nil, dispatchCountry: String? = nil, destinationCountry: String? = nil,
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
        self.additions = additions
        self.dispatchCountry = dispatchCountry
        self.destinationCountry = destinationCountry
        self.items = items
    }

    /// The 10-digit commodity codes of the items, for the commodity-code filter.
    public var commodityCodes: [String] { items.compactMap(\.commodityCode) }
}

/// Stored as JSON: amounts as decimal text (``DecimalText``); contents stored before that, with amounts
/// as JSON numbers, read the same.
extension DeclarationContent {
    enum CodingKeys: String, CodingKey {
        case kind, procedure, officeCode, declarant, representative, consignor, consignee, transport
        case invoiceCurrency, invoiceTotal, incoterms, additions, dispatchCountry, destinationCountry, items
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            kind: try c.decodeIfPresent(DeclarationKind.self, forKey: .kind), procedure: try c.decodeIfPresent(String.self, forKey: .procedure),
            officeCode: try c.decodeIfPresent(String.self, forKey: .officeCode), declarant: try c.decodeIfPresent(Party.self, forKey: .declarant),
            representative: try c.decodeIfPresent(Party.self, forKey: .representative),
            consignor: try c.decodeIfPresent(Party.self, forKey: .consignor), consignee: try c.decodeIfPresent(Party.self, forKey: .consignee),
            transport: try c.decodeIfPresent(Transport.self, forKey: .transport),
            invoiceCurrency: try c.decodeIfPresent(String.self, forKey: .invoiceCurrency),
            invoiceTotal: try c.decodeExactIfPresent(forKey: .invoiceTotal), incoterms: try c.decodeIfPresent(Incoterms.self, forKey: .incoterms),
            additions: try c.decodeIfPresent(ValuationAdditions.self, forKey: .additions),
            dispatchCountry: try c.decodeIfPresent(String.self, forKey: .dispatchCountry),
            destinationCountry: try c.decodeIfPresent(String.self, forKey: .destinationCountry),
            items: try c.decodeIfPresent([GoodsItem].self, forKey: .items) ?? [])
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(kind, forKey: .kind)
        try c.encodeIfPresent(procedure, forKey: .procedure)
        try c.encodeIfPresent(officeCode, forKey: .officeCode)
        try c.encodeIfPresent(declarant, forKey: .declarant)
        try c.encodeIfPresent(representative, forKey: .representative)
        try c.encodeIfPresent(consignor, forKey: .consignor)
        try c.encodeIfPresent(consignee, forKey: .consignee)
        try c.encodeIfPresent(transport, forKey: .transport)
        try c.encodeIfPresent(invoiceCurrency, forKey: .invoiceCurrency)
        try c.encodeExactIfPresent(invoiceTotal, forKey: .invoiceTotal)
        try c.encodeIfPresent(incoterms, forKey: .incoterms)
        try c.encodeIfPresent(additions, forKey: .additions)
        try c.encodeIfPresent(dispatchCountry, forKey: .dispatchCountry)
        try c.encodeIfPresent(destinationCountry, forKey: .destinationCountry)
        try c.encode(items, forKey: .items)
    }
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
    /// The codes of the documents presented for the item (graph 44: EAEU document kind codes, 5 digits).
    public var documents: [String]?

    /// Units of supplementary quantity in the EAEU classifier that the system knows.
    public static let units: Set<String> = ["796", "112", "715", "055", "113", "006", "166", "018", "114", "117", "778", "839"]

    public init(
        commodityCode: String? = nil, description: String? = nil, originCountry: String? = nil,
        grossMass: Decimal? = nil, netMass: Decimal? = nil, supplementaryQuantity: Decimal? = nil,
        supplementaryUnit: String? = nil, invoiceValue: Decimal? = nil, valuationMethod: Int? = nil, documents: [String]? = nil
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
        self.documents = documents
    }
}

extension GoodsItem {
    enum CodingKeys: String, CodingKey {
        case commodityCode, description, originCountry, grossMass, netMass, supplementaryQuantity, supplementaryUnit
        case invoiceValue, valuationMethod, documents
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            commodityCode: try c.decodeIfPresent(String.self, forKey: .commodityCode),
            description: try c.decodeIfPresent(String.self, forKey: .description),
            originCountry: try c.decodeIfPresent(String.self, forKey: .originCountry),
            grossMass: try c.decodeExactIfPresent(forKey: .grossMass), netMass: try c.decodeExactIfPresent(forKey: .netMass),
            supplementaryQuantity: try c.decodeExactIfPresent(forKey: .supplementaryQuantity),
            supplementaryUnit: try c.decodeIfPresent(String.self, forKey: .supplementaryUnit),
            invoiceValue: try c.decodeExactIfPresent(forKey: .invoiceValue),
            valuationMethod: try c.decodeIfPresent(Int.self, forKey: .valuationMethod),
            documents: try c.decodeIfPresent([String].self, forKey: .documents))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(commodityCode, forKey: .commodityCode)
        try c.encodeIfPresent(description, forKey: .description)
        try c.encodeIfPresent(originCountry, forKey: .originCountry)
        try c.encodeExactIfPresent(grossMass, forKey: .grossMass)
        try c.encodeExactIfPresent(netMass, forKey: .netMass)
        try c.encodeExactIfPresent(supplementaryQuantity, forKey: .supplementaryQuantity)
        try c.encodeIfPresent(supplementaryUnit, forKey: .supplementaryUnit)
        try c.encodeExactIfPresent(invoiceValue, forKey: .invoiceValue)
        try c.encodeIfPresent(valuationMethod, forKey: .valuationMethod)
        try c.encodeIfPresent(documents, forKey: .documents)
    }
}

extension KeyedEncodingContainer {
    mutating func encodeExactIfPresent(_ value: Decimal?, forKey key: Key) throws {
        try encodeIfPresent(value.map(DecimalText.format), forKey: key)
    }
}

extension KeyedDecodingContainer {
    /// Decimal text, or a JSON number as contents were stored before.
    func decodeExactIfPresent(forKey key: Key) throws -> Decimal? {
        guard contains(key), try !decodeNil(forKey: key) else { return nil }
        if let text = try? decode(String.self, forKey: key) {
            guard let value = DecimalText.stored(text) else {
                throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "Not a decimal: \(text)")
            }
            return value
        }
        return try decode(Decimal.self, forKey: key)
    }
}
