import Crypto
import KeruenCore
import SwiftASN1
import X509

/// SHA-256 fingerprints, the keys of trust anchors and revocation lists in the store.
public enum CertificateFingerprint {
    public static func sha256(_ der: [UInt8]) -> String { Hex.encode(Array(SHA256.hash(data: der))) }

    public static func sha256(_ certificate: Certificate) throws -> String {
        var serializer = DER.Serializer()
        try serializer.serialize(certificate)
        return sha256(serializer.serializedBytes)
    }
}
