import Foundation
import SwiftASN1
import X509

/// A certificate revocation list (RFC 5280 § 5) as a certification authority publishes it.
///
/// swift-certificates 1.21 has no CRL type (it checks revocation through OCSP only), so the list is
/// read here with swift-asn1's DER parser, field by field as § 5.1 defines them. Entry and list
/// extensions are kept as bytes and not interpreted.
public struct CertificateRevocationList: Sendable, Hashable {
    public let issuer: DistinguishedName
    public let thisUpdate: Date
    public let nextUpdate: Date?
    /// Revoked serial numbers with the time of their revocation.
    public let revoked: [Certificate.SerialNumber: Date]
    /// The DER of the whole list, as stored.
    public let derBytes: [UInt8]
    private let tbsBytes: ArraySlice<UInt8>
    private let signatureAlgorithm: ASN1ObjectIdentifier
    private let signature: ArraySlice<UInt8>

    /// Reads a list in DER or PEM ("X509 CRL").
    public init(bytes: [UInt8]) throws {
        let text = String(decoding: bytes, as: UTF8.self)
        let der = text.contains("-----BEGIN X509 CRL-----") ? try PEMDocument(pemString: text).derBytes : bytes
        let root = try DER.parse(der)
        derBytes = der
        (issuer, thisUpdate, nextUpdate, revoked, tbsBytes, signatureAlgorithm, signature) = try DER.sequence(root, identifier: .sequence) { nodes in
            guard let tbs = nodes.next() else { throw ASN1Error.invalidASN1Object(reason: "CRL without tbsCertList") }
            guard let algorithmNode = nodes.next() else { throw ASN1Error.invalidASN1Object(reason: "CRL without signature algorithm") }
            let algorithm = try DER.sequence(algorithmNode, identifier: .sequence) { parameters in
                defer { while parameters.next() != nil {} }
                return try ASN1ObjectIdentifier(derEncoded: &parameters)
            }
            let signature = try ASN1BitString(derEncoded: &nodes)
            let fields: (DistinguishedName, Date, Date?, [Certificate.SerialNumber: Date]) = try DER.sequence(tbs, identifier: .sequence) { fields in
                var next = fields.next()
                if next?.identifier == .integer { next = fields.next() }  // version v2
                guard next?.identifier == .sequence else { throw ASN1Error.invalidASN1Object(reason: "CRL without signature algorithm") }
                guard let issuerNode = fields.next(), let thisUpdateNode = fields.next() else {
                    throw ASN1Error.invalidASN1Object(reason: "CRL without issuer or thisUpdate")
                }
                let issuer = try DistinguishedName(derEncoded: issuerNode)
                let thisUpdate = try ASN1Time.date(thisUpdateNode)
                var nextUpdate: Date?
                var revoked: [Certificate.SerialNumber: Date] = [:]
                while let node = fields.next() {
                    switch node.identifier {
                    case UTCTime.defaultIdentifier, GeneralizedTime.defaultIdentifier:
                        nextUpdate = try ASN1Time.date(node)
                    case .sequence:
                        guard case .constructed(let entries) = node.content else { break }
                        for entry in entries {
                            try DER.sequence(entry, identifier: .sequence) { parts in
                                let serial = try ArraySlice<UInt8>(derEncoded: &parts)
                                guard let date = parts.next() else { throw ASN1Error.invalidASN1Object(reason: "CRL entry without date") }
                                revoked[Certificate.SerialNumber(bytes: serial)] = try ASN1Time.date(date)
                                while parts.next() != nil {}
                            }
                        }
                    default:
                        break  // [0] crlExtensions
                    }
                }
                return (issuer, thisUpdate, nextUpdate, revoked)
            }
            return (fields.0, fields.1, fields.2, fields.3, tbs.encodedBytes, algorithm, signature.bytes)
        }
    }

    /// Whether `issuerCertificate` signed this list.
    public func isSigned(by issuerCertificate: Certificate) -> Bool {
        guard issuerCertificate.subject == issuer, let algorithm = Self.algorithms[signatureAlgorithm] else { return false }
        return issuerCertificate.publicKey.isValidSignature(Array(signature), for: Array(tbsBytes), signatureAlgorithm: algorithm)
    }

    /// When `certificate` (issued by this list's issuer) was revoked, if it is on the list.
    public func revocationDate(of certificate: Certificate) -> Date? {
        certificate.issuer == issuer ? revoked[certificate.serialNumber] : nil
    }

    /// SHA-256 of the DER, in hex: the list's key in the store.
    public var fingerprint: String { CertificateFingerprint.sha256(derBytes) }

    private static let algorithms: [ASN1ObjectIdentifier: Certificate.SignatureAlgorithm] = [
        [1, 2, 840, 113549, 1, 1, 11]: .sha256WithRSAEncryption,
        [1, 2, 840, 113549, 1, 1, 12]: .sha384WithRSAEncryption,
        [1, 2, 840, 113549, 1, 1, 13]: .sha512WithRSAEncryption,
        [1, 2, 840, 10045, 4, 3, 2]: .ecdsaWithSHA256,
        [1, 2, 840, 10045, 4, 3, 3]: .ecdsaWithSHA384,
        [1, 2, 840, 10045, 4, 3, 4]: .ecdsaWithSHA512,
    ]
}
