import Foundation

/// One movement of a company's advance account with customs: money in (a bank transfer), money out
/// (an invoice paid from it). The balance after it is kept with it; it is never negative.
public struct AccountMovement: Sendable, Equatable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// A bank transfer credited to the account.
        case credit
        /// An invoice paid from the account.
        case debit
    }

    public let id: String
    public let companyBIN: String
    public let kind: Kind
    public let amount: Tenge
    public let balanceAfter: Tenge
    public let invoiceID: String?
    /// The bank's reference of a transfer, or the invoice reference of a payment.
    public let reference: String
    public let at: Date
    public let actor: String

    public init(id: String, companyBIN: String, kind: Kind, amount: Tenge, balanceAfter: Tenge, invoiceID: String?, reference: String, at: Date, actor: String) {
        self.id = id
        self.companyBIN = companyBIN
        self.kind = kind
        self.amount = amount
        self.balanceAfter = balanceAfter
        self.invoiceID = invoiceID
        self.reference = reference
        self.at = at
        self.actor = actor
    }
}
