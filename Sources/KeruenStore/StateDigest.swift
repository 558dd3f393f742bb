import Crypto
import Foundation
import KeruenCore

/// SHA-256 over a value as canonical JSON: the digest an audit record carries for the state it
/// records (a channel, a risk profile, settings), so that a changed value shows in `keruen audit verify`.
public enum StateDigest {
    public static func of(_ value: some Encodable) throws -> String {
        of(canonical: try CanonicalJSON.encoded(value))
    }

    /// Of a value already encoded as canonical JSON (when the same bytes are also stored: encoded once).
    public static func of(canonical bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).hex
    }
}
