import Foundation

/// The server's signed statement that the audit chain had `length` records ending in `headHash` at a
/// time. Published, so that a record changed, removed or reordered after it shows: the chain no
/// longer reaches the same hash at the same length.
public struct AuditCheckpoint: Codable, Sendable, Equatable {
    public var length: Int64
    public var headHash: String
    public var at: Date
    /// ECDSA P-256 with SHA-256 over ``signedText``, DER, by the server's audit key.
    public var signature: [UInt8]
    /// The server's public key (SubjectPublicKeyInfo, PEM) the signature verifies with.
    public var publicKey: String

    public init(length: Int64, headHash: String, at: Date, signature: [UInt8], publicKey: String) {
        self.length = length
        self.headHash = headHash
        self.at = at
        self.signature = signature
        self.publicKey = publicKey
    }

    /// The bytes signed: the checkpoint's facts as canonical JSON.
    public static func signedText(length: Int64, headHash: String, at: Date) -> [UInt8] {
        CanonicalJSON.object([
            "purpose": .string("keruen.audit.checkpoint"),
            "length": .number(Double(length)),
            "headHash": .string(headHash),
            "at": .number(Double(Int64((at.timeIntervalSince1970 * 1_000_000).rounded()))),
        ]).bytes
    }
}
