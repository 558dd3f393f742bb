import Foundation
import SQLKit

/// Remembers the answer to each creating request by (principal, Idempotency-Key), in the same
/// transaction as the change, so that a retry gets the first answer and never repeats the change.
public struct IdempotencyRepository: Sendable {
    let sql: any SQLDatabase

    public enum Claim: Sendable, Equatable {
        /// The key is new: go ahead, then `complete` it.
        case fresh
        /// The same request was answered before: answer this again.
        case replay(response: String)
        /// The key was used for a different request.
        case conflict
    }

    /// Reserves the key inside the caller's transaction. A concurrent request with the same key waits
    /// for this transaction (PostgreSQL's unique index, SQLite's single writer) and then sees its answer.
    public func claim(principal: String, key: String, operation: String, requestDigest: String, at now: Date) async throws -> Claim {
        let inserted = try await sql.raw("""
            INSERT INTO idempotency_keys (principal, idempotency_key, operation, request_digest, created_at)
            VALUES (\(bind: principal), \(bind: key), \(bind: operation), \(bind: requestDigest), \(bind: now.microsecondsSince1970))
            ON CONFLICT (principal, idempotency_key) DO NOTHING
            RETURNING principal
            """).all()
        if !inserted.isEmpty { return .fresh }
        guard let row = try await sql.raw("""
            SELECT operation, request_digest, response FROM idempotency_keys
            WHERE principal = \(bind: principal) AND idempotency_key = \(bind: key)
            """).first() else { return .conflict }
        guard try row.decode(column: "operation", as: String.self) == operation,
              try row.decode(column: "request_digest", as: String.self) == requestDigest,
              let response = try row.decode(column: "response", as: String?.self) else { return .conflict }
        return .replay(response: response)
    }

    public func complete(principal: String, key: String, response: String) async throws {
        try await sql.raw("UPDATE idempotency_keys SET response = \(bind: response) WHERE principal = \(bind: principal) AND idempotency_key = \(bind: key)").run()
    }
}
