import Crypto
import KeruenCore
import SwiftASN1
import X509

/// SHA-256 fingerprints, the keys of trust anchors and revocation lists in the store.
public enum CertificateFingerprint {
    public static func sha256(_ der: [UInt8]) -> String { Hex.encode(Array(SHA256.hash(data: der))) }

    public static func sha256(_ certificate: Certificate) throws -> String { sha256(try der(certificate)) }

    /// The certificate's DER.
    public static func der(_ certificate: Certificate) throws -> [UInt8] {
        var serializer = DER.Serializer()
        try serializer.serialize(certificate)
        return serializer.serializedBytes
    }
}
