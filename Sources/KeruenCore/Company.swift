import Foundation

/// A legal entity known to customs, identified by its BIN.
public struct Company: Codable, Sendable, Equatable {
    public var bin: String
    public var name: String
    public var address: String
    public var aeoStatus: AEOStatus

    public init(bin: String, name: String, address: String, aeoStatus: AEOStatus = .none) {
        self.bin = bin
        self.name = name
        self.address = address
        self.aeoStatus = aeoStatus
    }
}

/// Authorised economic operator status: the EAEU's three certificate types, or none.
public enum AEOStatus: String, Codable, Sendable, CaseIterable {
    case none
    /// Type 1: customs simplifications.
    case simplifications
    /// Type 2: security and safety.
    case security
    /// Type 3: both.
    case full
}

/// A broker's contract to act for a declarant, valid between two days (inclusive).
public struct RepresentationContract: Codable, Sendable, Equatable {
    public var brokerBIN: String
    public var declarantBIN: String
    public var contractNumber: String
    public var validFrom: CustomsDay
    public var validTo: CustomsDay?

    public init(brokerBIN: String, declarantBIN: String, contractNumber: String, validFrom: CustomsDay, validTo: CustomsDay?) {
        self.brokerBIN = brokerBIN
        self.declarantBIN = declarantBIN
        self.contractNumber = contractNumber
        self.validFrom = validFrom
        self.validTo = validTo
    }

    public func isValid(on day: CustomsDay) -> Bool {
        validFrom <= day && (validTo.map { day <= $0 } ?? true)
    }
}

extension CustomsDay: Codable {
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let day = CustomsDay(iso: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a YYYY-MM-DD day"))
        }
        self = day
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
