import Foundation

/// A verified signature kept with a declaration: the submission's (the declarant's or broker's) or an
/// officer's decision. The CMS itself is kept whole so that anyone can verify it again later.
public struct DeclarationSignature: Codable, Sendable, Equatable {
    /// `submit`, or the decision: `refuse-registration`, `release`, `refuse-release`.
    public var purpose: String
    /// The declaration version the payload named.
    public var version: Int
    /// The detached CMS SignedData, DER.
    public var signature: [UInt8]
    /// The signer's certificate, DER.
    public var certificate: [UInt8]
    public var signer: SignerIdentity
    public var subject: String
    public var issuer: String
    public var serialNumber: String
    public var signingTime: Date?
    /// When the server verified it, and found it valid.
    public var verifiedAt: Date
    /// The user who sent it.
    public var submittedBy: String
    /// Made by the server with a key it holds for the officer, not by the officer's own tool.
    public var serverHeldKey: Bool
    /// A decision's reasons, as signed.
    public var reasons: [String]

    public init(purpose: String, version: Int, signature: [UInt8], certificate: [UInt8], signer: SignerIdentity, subject: String,
                issuer: String, serialNumber: String, signingTime: Date?, verifiedAt: Date, submittedBy: String, serverHeldKey: Bool, reasons: [String] = []) {
        self.purpose = purpose
        self.version = version
        self.signature = signature
        self.certificate = certificate
        self.signer = signer
        self.subject = subject
        self.issuer = issuer
        self.serialNumber = serialNumber
        self.signingTime = signingTime
        self.verifiedAt = verifiedAt
        self.submittedBy = submittedBy
        self.serverHeldKey = serverHeldKey
        self.reasons = reasons
    }

    /// The bytes this signature was made over, computed again from the declaration it is kept with.
    public func payload(for declaration: Declaration) throws -> [UInt8] {
        guard let decision = OfficerDecision(rawValue: purpose) else {
            return try SigningPayload(declarationID: declaration.id, version: version, content: declaration.content).bytes
        }
        return SigningPayload(decision: decision.rawValue, declarationID: declaration.id,
                              registrationNumber: declaration.registrationNumber?.description ?? "", version: version, reasons: reasons).bytes
    }
}
