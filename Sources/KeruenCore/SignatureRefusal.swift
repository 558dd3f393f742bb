import Foundation

/// Why a signature was not accepted. Each reason has its own problem code, and the server says it in
/// words (`signature.<code>` in the catalogs) with the detail the check found.
public struct SignatureRefusal: Error, Sendable, Equatable, Codable {
    public var reason: Reason
    /// What exactly was found, in English, for the log and the stored result (e.g. the certificate's dates).
    public var detail: String

    public init(_ reason: Reason, _ detail: String) {
        self.reason = reason
        self.detail = detail
    }

    public enum Reason: String, Sendable, Codable, CaseIterable {
        /// No signature was given where the office's policy requires one.
        case missing = "signature-required"
        /// Not a CMS SignedData, or its signature does not verify with the certificate's key.
        case badSignature = "signature-invalid"
        /// The signature is over other bytes than the declaration's signing payload.
        case payloadMismatch = "signature-payload-mismatch"
        /// The certificate does not chain to a trust anchor.
        case untrustedChain = "signature-untrusted-chain"
        /// A certificate of the chain was past its validity at signing or at verification.
        case expired = "signature-certificate-expired"
        /// A certificate of the chain was not yet valid at signing or at verification.
        case notYetValid = "signature-certificate-not-yet-valid"
        /// A certificate of the chain is on its issuer's revocation list.
        case revoked = "signature-certificate-revoked"
        /// The signer's certificate does not allow digital signatures.
        case keyUsage = "signature-key-usage"
        /// The certificate carries no IIN (or a malformed one), so the signer cannot be identified.
        case signerUnidentified = "signature-signer-unidentified"
        /// The signer is neither the declarant nor a person of a broker representing the declarant.
        case notAuthorised = "signature-not-authorised"
    }
}
