import Foundation
import SwiftASN1

/// What Keruen reads from a CMS SignedData that swift-certificates' CMS verification keeps to itself,
/// by walking the structure swift-asn1 parsed (RFC 5652 § 5.1, § 5.3) — no hand-written decoding.
///
/// - the signing time of the (single) signer, from its signed attributes;
/// - OpenSSL's signer algorithm: `openssl cms -sign` with an RSA key names the SignerInfo's algorithm
///   `rsaEncryption` and leaves the hash to the digest algorithm, as RFC 3370 § 3.2 allows, while
///   swift-certificates 1.21 only understands `sha256WithRSAEncryption` and its kin there (it has a
///   similar allowance for ECDSA, "microsoftCompatible"). ``normalised`` names the combined algorithm
///   so that swift-certificates verifies such signatures; the signature bytes are not touched.
struct SignedDataInspection {
    private let root: ASN1Node

    init(_ bytes: [UInt8]) throws {
        root = try BER.parse(bytes)
    }

    /// The signed attributes' signing time (1.2.840.113549.1.9.5), if the signer put one there.
    var signingTime: Date? {
        get throws {
            guard let attributes = try Self.signerFields(root).first(where: { $0.identifier == Self.signedAttributesTag }) else { return nil }
            for attribute in Self.children(attributes) {
                let parts = Self.children(attribute)
                guard parts.count == 2, try ASN1ObjectIdentifier(berEncoded: parts[0]) == Self.signingTimeOID,
                      let value = Self.children(parts[1]).first else { continue }
                return try ASN1Time.date(value)
            }
            return nil
        }
    }

    /// The SignedData as swift-certificates can verify it: `original` itself, or, when the signer's
    /// algorithm is OpenSSL's `rsaEncryption`, the same in DER with it renamed after the digest.
    func normalised(_ original: [UInt8]) throws -> [UInt8] {
        let fields = try Self.signerFields(root)
        let signatureIndex = fields.count > 3 && fields[3].identifier == Self.signedAttributesTag ? 4 : 3
        guard fields.count > signatureIndex, try Self.renamedAlgorithm(fields, at: signatureIndex) != nil else { return original }
        var serializer = DER.Serializer()
        try Self.write(root, at: .contentInfo, into: &serializer)
        return serializer.serializedBytes
    }

    // MARK: Structure

    private static let signedAttributesTag = ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific)
    private static let signingTimeOID: ASN1ObjectIdentifier = [1, 2, 840, 113549, 1, 9, 5]
    private static let rsaEncryption: ASN1ObjectIdentifier = [1, 2, 840, 113549, 1, 1, 1]
    private static let rsaWithDigest: [ASN1ObjectIdentifier: ASN1ObjectIdentifier] = [
        [2, 16, 840, 1, 101, 3, 4, 2, 1]: [1, 2, 840, 113549, 1, 1, 11],  // SHA-256
        [2, 16, 840, 1, 101, 3, 4, 2, 2]: [1, 2, 840, 113549, 1, 1, 12],  // SHA-384
        [2, 16, 840, 1, 101, 3, 4, 2, 3]: [1, 2, 840, 113549, 1, 1, 13],  // SHA-512
    ]

    private static func children(_ node: ASN1Node) -> [ASN1Node] {
        if case .constructed(let nodes) = node.content { return Array(nodes) }
        return []
    }

    /// ContentInfo → [0] SignedData → its last field, the SET of SignerInfos → the first SignerInfo's fields.
    private static func signerFields(_ root: ASN1Node) throws -> [ASN1Node] {
        guard let explicit = children(root).dropFirst().first, let signedData = children(explicit).first,
              let signerInfos = children(signedData).last, let signer = children(signerInfos).first else {
            throw ASN1Error.invalidASN1Object(reason: "not a CMS SignedData with a signer")
        }
        return children(signer)
    }

    /// Where a node sits on the way from the ContentInfo down to the SignerInfos.
    private enum Place { case contentInfo, explicitContent, signedData, signerInfos, signerInfo, other }

    /// Writes `node` again in DER, renaming the signature algorithm of each SignerInfo if it needs it.
    private static func write(_ node: ASN1Node, at place: Place, into serializer: inout DER.Serializer) throws {
        switch node.content {
        case .primitive(let bytes):
            serializer.appendPrimitiveNode(identifier: node.identifier) { $0.append(contentsOf: bytes) }
        case .constructed(let nodes):
            let fields = Array(nodes)
            try serializer.appendConstructedNode(identifier: node.identifier) { inner in
                for (index, child) in fields.enumerated() {
                    if place == .signerInfo, let renamed = try renamedAlgorithm(fields, at: index) {
                        try inner.appendConstructedNode(identifier: child.identifier) { algorithm in
                            try algorithm.serialize(renamed)
                            for parameter in children(child).dropFirst() { try write(parameter, at: .other, into: &algorithm) }
                        }
                        continue
                    }
                    let childPlace: Place = switch place {
                    case .contentInfo: index == 1 ? .explicitContent : .other
                    case .explicitContent: .signedData
                    case .signedData: index == fields.count - 1 ? .signerInfos : .other
                    case .signerInfos: .signerInfo
                    case .signerInfo, .other: .other
                    }
                    try write(child, at: childPlace, into: &inner)
                }
            }
        }
    }

    /// The combined RSA algorithm for the SignerInfo field at `index`, if it is an `rsaEncryption` signature algorithm.
    private static func renamedAlgorithm(_ fields: [ASN1Node], at index: Int) throws -> ASN1ObjectIdentifier? {
        // version, sid, digestAlgorithm, [0] signedAttrs?, signatureAlgorithm
        let signatureIndex = fields.count > 3 && fields[3].identifier == signedAttributesTag ? 4 : 3
        guard index == signatureIndex, let oid = children(fields[index]).first,
              try ASN1ObjectIdentifier(berEncoded: oid) == rsaEncryption,
              let digest = children(fields[2]).first else { return nil }
        return rsaWithDigest[try ASN1ObjectIdentifier(berEncoded: digest)]
    }
}
