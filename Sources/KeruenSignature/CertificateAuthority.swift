import Crypto
import Foundation
import SwiftASN1
import X509

/// A small certification authority: a root, and signing certificates named as the national CA names
/// them (serialNumber `IIN…`, OU `BIN…`). It makes the demo CA (`keruen pki demo-ca`), so that the
/// whole flow can be tried on one machine, and certifies the keys the server holds for officers.
public struct CertificateAuthority: Sendable {
    public let certificate: Certificate
    public let privateKey: Certificate.PrivateKey

    public init(certificate: Certificate, privateKey: Certificate.PrivateKey) {
        self.certificate = certificate
        self.privateKey = privateKey
    }

    /// A root with a P-256 key (a new one unless given), valid for ten years from `now` unless told otherwise.
    public static func make(name: String = "Keruen Demo Root CA", organization: String = "Keruen demo",
                            key p256: P256.Signing.PrivateKey = P256.Signing.PrivateKey(), serialNumber: Certificate.SerialNumber = Certificate.SerialNumber(),
                            validFrom: Date = Date().addingTimeInterval(-3600), validUntil: Date? = nil) throws -> CertificateAuthority {
        let key = Certificate.PrivateKey(p256)
        let subject = try DistinguishedName {
            CountryName("KZ")
            OrganizationName(organization)
            CommonName(name)
        }
        let certificate = try Certificate(
            version: .v3, serialNumber: serialNumber, publicKey: key.publicKey,
            notValidBefore: validFrom, notValidAfter: validUntil ?? validFrom.addingTimeInterval(10 * 365 * 86400),
            issuer: subject, subject: subject, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
                Critical(KeyUsage(keyCertSign: true, cRLSign: true))
                SubjectKeyIdentifier(hash: key.publicKey)
            },
            issuerPrivateKey: key)
        return CertificateAuthority(certificate: certificate, privateKey: key)
    }

    /// A signing certificate and its new key for a person (`iin`), of a company (`bin`) if given.
    public func issue(commonName: String, iin: String?, bin: String?, key: Certificate.PrivateKey = Certificate.PrivateKey(P256.Signing.PrivateKey()),
                      validFrom: Date = Date().addingTimeInterval(-3600), validFor: TimeInterval = 2 * 365 * 86400) throws -> PayloadSigner {
        var attributes: [RelativeDistinguishedName.Attribute] = [
            try .init(type: .RDNAttributeType.countryName, printableString: "KZ"),
            .init(type: .RDNAttributeType.commonName, utf8String: commonName),
        ]
        if let iin { attributes.append(try .init(type: SignatureVerifier.serialNumberType, printableString: "IIN" + iin)) }
        if let bin { attributes.append(.init(type: .RDNAttributeType.organizationalUnitName, utf8String: "BIN" + bin)) }
        let leaf = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: key.publicKey,
            notValidBefore: validFrom, notValidAfter: validFrom.addingTimeInterval(validFor),
            issuer: certificate.subject, subject: DistinguishedName(attributes.map { RelativeDistinguishedName($0) }),
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true, nonRepudiation: true))
                try AuthorityKeyIdentifier(keyIdentifier: certificate.extensions.subjectKeyIdentifier?.keyIdentifier)
            },
            issuerPrivateKey: privateKey)
        return PayloadSigner(certificate: leaf, privateKey: key)
    }
}

extension Certificate {
    /// PEM text of the certificate.
    public var pemText: String {
        get throws { try serializeAsPEM().pemString }
    }
}
