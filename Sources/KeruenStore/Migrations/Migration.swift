/// A numbered change to the schema. Once a migration has landed it is never edited; a new one follows it.
public struct Migration: Sendable {
    public let version: Int
    public let name: String
    /// Statements in the SQL both databases understand.
    public let statements: [String]

    /// Every migration, in order.
    public static let all: [Migration] = [.m001Foundation, .m002ContentVersions, .m003Signatures, .m004CanonicalContents, .m005Payments, .m006AdvanceAccounts, .m007Guarantees, .m008InvoiceRevisions, .m009Risk, .m010RiskModels, .m011RegistrationsCounted, .m012WorkAssignment, .m013Control, .m014Webhooks, .m015OpenAssignments, .m016Transit, .m017Statistics, .m018TradeSummaries, .m019TradeCube]
}
