import Foundation
import KeruenCore
import SQLKit

/// The signed checkpoints of the audit chain, one per chain length.
public struct CheckpointRepository: Sendable {
    let sql: any SQLDatabase

    /// Stores a checkpoint; false if one for the same length exists (nothing was appended since).
    public func insert(_ checkpoint: AuditCheckpoint) async throws -> Bool {
        try await sql.raw("""
            INSERT INTO audit_checkpoints (length, head_hash, at, signature, public_key)
            VALUES (\(bind: checkpoint.length), \(bind: checkpoint.headHash), \(bind: checkpoint.at.microsecondsSince1970),
                    \(bind: Data(checkpoint.signature).base64EncodedString()), \(bind: checkpoint.publicKey))
            ON CONFLICT (length) DO NOTHING RETURNING length
            """).first() != nil
    }

    /// Every checkpoint, in the order of the chain.
    public func all() async throws -> [AuditCheckpoint] {
        try await sql.raw("SELECT length, head_hash, at, signature, public_key FROM audit_checkpoints ORDER BY length").all().map { row in
            AuditCheckpoint(length: try row.decode(column: "length", as: Int64.self), headHash: try row.decode(column: "head_hash", as: String.self),
                            at: Date(microsecondsSince1970: try row.decode(column: "at", as: Int64.self)),
                            signature: Array(Data(base64Encoded: try row.decode(column: "signature", as: String.self)) ?? Data()),
                            publicKey: try row.decode(column: "public_key", as: String.self))
        }
    }
}
