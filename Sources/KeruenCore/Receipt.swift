import Foundation

/// The customs receipt for what was paid against an invoice.
public struct Receipt: Sendable, Equatable {
    public enum Method: String, Sendable, Codable, CaseIterable {
        case advanceAccount = "advance-account"
        case bankTransfer = "bank-transfer"
    }

    public let id: String
    /// Printed on the receipt: "R" and the invoice reference's digits and a sequence.
    public let number: String
    public let invoiceID: String
    public let invoiceReference: String
    public let payerBIN: String
    public let amount: Tenge
    public let method: Method
    public let issuedAt: Date
    public let issuedBy: String

    public init(id: String, number: String, invoiceID: String, invoiceReference: String, payerBIN: String, amount: Tenge, method: Method,
                issuedAt: Date, issuedBy: String) {
        self.id = id
        self.number = number
        self.invoiceID = invoiceID
        self.invoiceReference = invoiceReference
        self.payerBIN = payerBIN
        self.amount = amount
        self.method = method
        self.issuedAt = issuedAt
        self.issuedBy = issuedBy
    }
}
