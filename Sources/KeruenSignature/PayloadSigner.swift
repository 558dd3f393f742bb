@_spi(CMS) import X509
import Foundation
import SwiftASN1

/// Signs payloads as `openssl cms -sign -binary -outform DER` does: a detached CMS SignedData with the
/// signer's certificate (and intermediates) and the signed attributes content type, message digest
/// and signing time. For `keruen sign`, the load generator and officers' server-held keys; declarants
/// sign with their own tools.
public struct PayloadSigner: Sendable {
    public let certificate: Certificate
    public let privateKey: Certificate.PrivateKey
    public let intermediates: [Certificate]

    public init(certificate: Certificate, privateKey: Certificate.PrivateKey, intermediates: [Certificate] = []) {
        self.certificate = certificate
        self.privateKey = privateKey
        self.intermediates = intermediates
    }

    /// Reads the certificate (PEM, the first of the file; the rest are intermediates) and the key (PEM).
    public init(certificatePEM: String, privateKeyPEM: String) throws {
        let certificates = try PEMDocument.parseMultiple(pemString: certificatePEM).map { try Certificate(pemDocument: $0) }
        guard let leaf = certificates.first else { throw CertificateError.unsupportedSignatureAlgorithm(reason: "no certificate in the file") }
        self.init(certificate: leaf, privateKey: try Certificate.PrivateKey(pemEncoded: privateKeyPEM), intermediates: Array(certificates.dropFirst()))
    }

    /// The DER of the detached signature.
    public func sign(_ payload: [UInt8], at time: Date = Date()) throws -> [UInt8] {
        try CMS.sign(payload, additionalIntermediateCertificates: intermediates, certificate: certificate,
                     privateKey: privateKey, signingTime: time, detached: true)
    }
}
