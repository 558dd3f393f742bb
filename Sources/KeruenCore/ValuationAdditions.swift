import Foundation

/// Costs that customs value method 1 adds to the price up to the EAEU border (transport, insurance,
/// loading, commissions, royalties), declared once for the whole consignment and spread over the
/// items by the declared basis.
public struct ValuationAdditions: Codable, Sendable, Equatable, Hashable {
    public var transport: Decimal?
    public var insurance: Decimal?
    public var other: Decimal?
    /// The currency of the additions; the invoice currency when not given.
    public var currency: String?
    public var basis: Basis?

    public enum Basis: String, Codable, Sendable, Hashable, CaseIterable {
        case invoiceValue = "invoice-value"
        case grossMass = "gross-mass"
    }

    public init(transport: Decimal? = nil, insurance: Decimal? = nil, other: Decimal? = nil, currency: String? = nil, basis: Basis? = nil) {
        self.transport = transport
        self.insurance = insurance
        self.other = other
        self.currency = currency
        self.basis = basis
    }

    public var total: Decimal { (transport ?? 0) + (insurance ?? 0) + (other ?? 0) }
}

/// Stored like every amount: decimal text.
extension ValuationAdditions {
    enum CodingKeys: String, CodingKey { case transport, insurance, other, currency, basis }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(transport: try c.decodeExactIfPresent(forKey: .transport), insurance: try c.decodeExactIfPresent(forKey: .insurance),
                  other: try c.decodeExactIfPresent(forKey: .other), currency: try c.decodeIfPresent(String.self, forKey: .currency),
                  basis: try c.decodeIfPresent(Basis.self, forKey: .basis))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeExactIfPresent(transport, forKey: .transport)
        try c.encodeExactIfPresent(insurance, forKey: .insurance)
        try c.encodeExactIfPresent(other, forKey: .other)
        try c.encodeIfPresent(currency, forKey: .currency)
        try c.encodeIfPresent(basis, forKey: .basis)
    }
}
