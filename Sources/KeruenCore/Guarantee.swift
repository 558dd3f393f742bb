import Foundation

/// A guarantee securing customs payments instead of paying them at once: a general guarantee covers
/// any of the company's declarations up to its amount; a single one covers one declaration. What it
/// secures is reserved against its amount and released when the invoice is paid.
public struct Guarantee: Sendable, Equatable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case general
        case single
    }

    public let id: String
    public let companyBIN: String
    public let kind: Kind
    /// The bank's or insurer's guarantee number.
    public let number: String
    public let amount: Tenge
    public var reserved: Tenge
    public let validFrom: CustomsDay
    public let validTo: CustomsDay
    /// For a single guarantee: the declaration it covers.
    public let declarationID: String?

    public init(id: String, companyBIN: String, kind: Kind, number: String, amount: Tenge, reserved: Tenge = .zero, validFrom: CustomsDay,
                validTo: CustomsDay, declarationID: String? = nil) {
        self.id = id
        self.companyBIN = companyBIN
        self.kind = kind
        self.number = number
        self.amount = amount
        self.reserved = reserved
        self.validFrom = validFrom
        self.validTo = validTo
        self.declarationID = declarationID
    }

    public var available: Tenge { amount - reserved }

    public func covers(declarationID: String, on day: CustomsDay) -> Bool {
        validFrom <= day && day <= validTo && (kind == .general || self.declarationID == declarationID)
    }
}
