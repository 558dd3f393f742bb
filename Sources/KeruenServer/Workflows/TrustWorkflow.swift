import Foundation
import KeruenCore
import KeruenSignature
import KeruenStore
import X509

/// Administration of what signatures are trusted: certification authorities' roots, their revocation
/// lists, and the offices' signature policy. Used by the admin API and `keruen pki`; every change is audited.
public struct TrustWorkflow: Sendable {
    let dependencies: AppDependencies

    public init(dependencies: AppDependencies) { self.dependencies = dependencies }

    /// Adds a root certificate (PEM, or DER in base64). It must be a CA certificate.
    public func addAnchor(_ data: String, actor: String) async throws -> TrustRepository.Entry {
        guard let certificate = Self.certificate(data) else { throw APIProblem.validation([ValidationProblem("/data", expected: .certificate)]) }
        guard case .isCertificateAuthority? = try? certificate.extensions.basicConstraints else {
            throw APIProblem.validation([ValidationProblem("/data", .notCertificateAuthority)])
        }
        let der = try CertificateFingerprint.der(certificate)
        let entry = TrustRepository.Entry(fingerprint: CertificateFingerprint.sha256(der), name: certificate.subject.description,
                                          from: certificate.notValidBefore, until: certificate.notValidAfter, der: der,
                                          addedAt: dependencies.clock(), addedBy: actor)
        return try await change("trust.anchor.add", entry) { try await $0.trust.addAnchor(entry) }
    }

    public func removeAnchor(fingerprint: String, actor: String) async throws {
        try await dependencies.store.write { session in
            guard try await session.trust.removeAnchor(fingerprint: fingerprint) else { throw APIProblem.notFound }
            session.record(AuditEntry(actor: actor, action: "trust.anchor.remove", objectType: "trust-anchor", objectID: fingerprint,
                                      at: dependencies.clock(), stateDigest: fingerprint))
        }
        dependencies.signatureTrust.invalidate()
    }

    /// Adds a revocation list (PEM, or DER in base64). If its issuer is a trust anchor, the anchor must have signed it.
    public func addRevocationList(_ data: String, actor: String) async throws -> TrustRepository.Entry {
        guard let bytes = Self.bytes(data), let list = try? CertificateRevocationList(bytes: bytes) else {
            throw APIProblem.validation([ValidationProblem("/data", expected: .revocationList)])
        }
        let anchors = try await dependencies.store.read { try await $0.trust.anchors() }.compactMap { try? Certificate(derEncoded: $0.der) }
        let issuers = anchors.filter { $0.subject == list.issuer }
        if !issuers.isEmpty && !issuers.contains(where: list.isSigned(by:)) {
            throw APIProblem.validation([ValidationProblem("/data", .revocationListNotSigned)])
        }
        let entry = TrustRepository.Entry(fingerprint: list.fingerprint, name: list.issuer.description, from: list.thisUpdate, until: list.nextUpdate,
                                          revokedCount: list.revoked.count, der: list.derBytes, addedAt: dependencies.clock(), addedBy: actor)
        return try await change("trust.crl.add", entry) { try await $0.trust.addRevocationList(entry) }
    }

    public func setSignatureRequired(_ required: Bool, officeCode: String, actor: String) async throws {
        guard dependencies.reference.office(officeCode) != nil else { throw APIProblem.validation([ValidationProblem("/code", .unknownOffice)]) }
        try await dependencies.store.write { session in
            let now = dependencies.clock()
            try await session.trust.setSignatureRequired(required, officeCode: officeCode, at: now, by: actor)
            session.record(AuditEntry(actor: actor, action: "office.signature-policy", objectType: "office", objectID: officeCode, at: now,
                                      stateDigest: try stateDigest(of: ["signatureRequired": required])))
        }
        dependencies.signatureTrust.invalidate()
    }

    private func change(_ action: String, _ entry: TrustRepository.Entry,
                        _ insert: @escaping @Sendable (StoreSession) async throws -> Bool) async throws -> TrustRepository.Entry {
        try await dependencies.store.write { session in
            if try await insert(session) {
                session.record(AuditEntry(actor: entry.addedBy, action: action, objectType: "trust", objectID: entry.fingerprint,
                                          at: entry.addedAt, stateDigest: entry.fingerprint))
            }
        }
        dependencies.signatureTrust.invalidate()
        return entry
    }

    /// PEM text, or base64 of DER.
    static func bytes(_ data: String) -> [UInt8]? {
        if data.contains("-----BEGIN") { return Array(data.utf8) }
        return Data(base64Encoded: data, options: .ignoreUnknownCharacters).map(Array.init)
    }

    static func certificate(_ data: String) -> Certificate? {
        if data.contains("-----BEGIN") { return try? Certificate(pemEncoded: data) }
        return bytes(data).flatMap { try? Certificate(derEncoded: $0) }
    }
}
