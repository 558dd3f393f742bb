import Foundation
import KeruenCore

/// A signature that passed every check: who signed, with which certificate, and when.
public struct VerifiedSignature: Sendable, Equatable {
    public var signer: SignerIdentity
    /// The signer's certificate in DER.
    public var certificate: [UInt8]
    public var subject: String
    public var issuer: String
    public var serialNumber: String
    /// From the signed attributes; nil if the signer put none there.
    public var signingTime: Date?
    /// The time the chain was checked at: submission, or registration when re-verifying.
    public var checkedAt: Date
}
