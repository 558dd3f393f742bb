import Crypto
import Foundation
import KeruenCore

extension Invoice {
    /// SHA-256 over the invoice's reference, day, customs value and lines as canonical JSON: the digest
    /// its audit record carries, so that a changed amount shows in `keruen audit verify`.
    public func stateDigest() throws -> String {
        var hash = SHA256()
        hash.update(data: Data("\(reference)|\(day)|\(customsValue)|\(paid)|".utf8))
        hash.update(data: try CanonicalJSON.encoded(lines))
        return hash.finalize().hex
    }
}
