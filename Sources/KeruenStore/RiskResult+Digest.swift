import Crypto
import Foundation
import KeruenCore

extension RiskResult {
    /// SHA-256 over the result as canonical JSON: the digest the audit record of a channel carries.
    public func stateDigest() throws -> String {
        SHA256.hash(data: try CanonicalJSON.encoded(self)).hex
    }
}
