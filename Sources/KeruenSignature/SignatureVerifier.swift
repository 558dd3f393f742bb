@_spi(CMS) @_spi(DisableValidityCheck) import X509
import Foundation
import KeruenCore
import SwiftASN1

/// Verifies a detached CMS SignedData (RFC 5652) over a payload: the signature itself with
/// swift-certificates' CMS, then the signer's chain to one of the trust anchors with its path
/// validation (RFC 5280) and Keruen's ``SigningCertificatePolicy``.
///
/// Accepted: RSA PKCS#1 v1.5 and ECDSA P-256/P-384/P-521, with SHA-256/384/512 — what
/// swift-certificates 1.21 verifies. RSA-PSS is not (swift-certificates has no PSS), nor GOST 34.310
/// (swift-crypto has no GOST curves): such signatures are refused as bad signatures.
public struct SignatureVerifier: Sendable {
    public let anchors: [Certificate]
    public let revocationLists: [CertificateRevocationList]
    /// The anchors indexed once for path building, not at every verification.
    private let trustRoots: CertificateStore
    /// How far a signer's clock may run ahead of the server's.
    public static let clockSkew: TimeInterval = 300

    public init(anchors: [Certificate], revocationLists: [CertificateRevocationList]) {
        self.anchors = anchors
        self.revocationLists = revocationLists
        self.trustRoots = CertificateStore(anchors)
    }

    /// Checks `signature` over `payload` with the chain valid at signing and at `checkTime` (now at
    /// submission; the registration time when a stored signature is verified again).
    public func verify(signature: [UInt8], over payload: [UInt8], at checkTime: Date) async -> Result<VerifiedSignature, SignatureRefusal> {
        let normalised: [UInt8]
        let signingTime: Date?
        do {
            let inspection = try SignedDataInspection(signature)
            normalised = try inspection.normalised(signature)
            signingTime = try inspection.signingTime
        } catch {
            return .failure(SignatureRefusal(.badSignature, "Not a CMS SignedData in DER: \(error)"))
        }
        if let signingTime, signingTime > checkTime.addingTimeInterval(Self.clockSkew) {
            return .failure(SignatureRefusal(.badSignature, "The signing time \(signingTime) is after \(checkTime)."))
        }
        let policy = SigningCertificatePolicy(times: [signingTime ?? checkTime, checkTime], verificationTime: checkTime,
                                              revocationLists: revocationLists)
        let result = await CMS.isValidSignature(dataBytes: payload, signatureBytes: normalised, trustRoots: trustRoots) {
            RFC5280Policy.withValidityCheckDisabled()
            policy
        }
        switch result {
        case .success(let valid):
            return Self.verified(valid.signer, signingTime: signingTime, checkedAt: checkTime)
        case .failure(.invalidCMSBlock(let block)):
            let reason: SignatureRefusal.Reason = block.reason.contains("Message digest mismatch") ? .payloadMismatch : .badSignature
            return .failure(SignatureRefusal(reason, block.reason))
        case .failure(.unableToValidateSigner(let failure)):
            guard let first = failure.policyFailures.first else {
                return .failure(SignatureRefusal(.untrustedChain, "\(failure.signer.issuer) is not, and does not chain to, a trust anchor."))
            }
            let refusals = failure.policyFailures.map { SigningCertificatePolicy.refusal(from: $0.policyFailureReason.description) }
            // Several candidate chains may fail; the first reason of Keruen's own checks is the most telling.
            return .failure(refusals.first { $0.reason != SignatureRefusal.Reason.untrustedChain } ?? SigningCertificatePolicy.refusal(from: first.policyFailureReason.description))
        }
    }

    static func verified(_ certificate: Certificate, signingTime: Date?, checkedAt: Date) -> Result<VerifiedSignature, SignatureRefusal> {
        do {
            return .success(VerifiedSignature(
                signer: identity(of: certificate), certificate: try CertificateFingerprint.der(certificate),
                subject: certificate.subject.description, issuer: certificate.issuer.description,
                serialNumber: certificate.serialNumber.description, signingTime: signingTime, checkedAt: checkedAt))
        } catch {
            return .failure(SignatureRefusal(.badSignature, "The signer's certificate cannot be encoded: \(error)"))
        }
    }

    /// The IIN and BIN in the certificate's subject (serialNumber and OU), by the national CA's convention.
    public static func identity(of certificate: Certificate) -> SignerIdentity {
        func values(_ type: ASN1ObjectIdentifier) -> [String] {
            certificate.subject.flatMap { $0 }.filter { $0.type == type }.map { String(describing: $0.value) }
        }
        return SignerIdentity(serialNumbers: values(serialNumberType), organizationalUnits: values(.RDNAttributeType.organizationalUnitName),
                              commonName: values(.RDNAttributeType.commonName).first)
    }

    /// X.520 serialNumber (2.5.4.5), where the national CA writes `IIN` and the 12 digits.
    static let serialNumberType: ASN1ObjectIdentifier = [2, 5, 4, 5]
}
