import Foundation
import KeruenCore
import SwiftASN1
import X509

/// What Keruen asks of a signer's chain beyond RFC 5280's structure: every certificate valid at each
/// of the given times (signing and verification), none on its issuer's revocation list at the time
/// of verification, and the signer's key allowed to make digital signatures.
///
/// Each failure's reason starts with the ``SignatureRefusal/Reason`` code, so that the verifier can
/// tell the signer which check failed — swift-certificates reports failures as text only.
struct SigningCertificatePolicy: VerifierPolicy {
    let verifyingCriticalExtensions: [ASN1ObjectIdentifier] = [.X509ExtensionID.keyUsage]
    let times: [Date]
    let verificationTime: Date
    let revocationLists: [CertificateRevocationList]

    func chainMeetsPolicyRequirements(chain: UnverifiedCertificateChain) async -> PolicyEvaluationResult {
        for certificate in chain {
            for time in times {
                if time < certificate.notValidBefore {
                    return Self.refusal(.notYetValid, "\(certificate.subject) is valid from \(certificate.notValidBefore), not yet at \(time)")
                }
                if time > certificate.notValidAfter {
                    return Self.refusal(.expired, "\(certificate.subject) expired at \(certificate.notValidAfter), before \(time)")
                }
            }
        }
        for (certificate, issuer) in zip(chain, chain.dropFirst()) {
            for list in revocationLists where list.revocationDate(of: certificate) != nil && list.isSigned(by: issuer) {
                if let revokedAt = list.revocationDate(of: certificate), revokedAt <= verificationTime {
                    return Self.refusal(.revoked, "\(certificate.subject), serial \(certificate.serialNumber), was revoked at \(revokedAt)")
                }
            }
        }
        let usage = try? chain.leaf.extensions.keyUsage
        guard usage?.digitalSignature == true else {
            return Self.refusal(.keyUsage, "\(chain.leaf.subject) has no key usage digitalSignature")
        }
        return .meetsPolicy
    }

    static func refusal(_ reason: SignatureRefusal.Reason, _ detail: String) -> PolicyEvaluationResult {
        .failsToMeetPolicy(reason: "\(reason.rawValue): \(detail)")
    }

    /// The refusal a policy failure's reason text stands for; other RFC 5280 failures make the chain untrusted.
    static func refusal(from text: String) -> SignatureRefusal {
        for reason in SignatureRefusal.Reason.allCases where text.hasPrefix(reason.rawValue + ": ") {
            return SignatureRefusal(reason, String(text.dropFirst(reason.rawValue.count + 2)))
        }
        return SignatureRefusal(.untrustedChain, text)
    }
}
