import Foundation
import SQLKit

/// Remembers the answer to each creating request by (principal, Idempotency-Key), in the same
/// transaction as the change, so that a retry gets the first answer and never repeats the change.
public struct IdempotencyRepository: Sendable {
    let sql: any SQLDatabase
    let batch: BatchWrites?

    /// The first answer to a request, kept for its retries.
    struct Answer: Sendable {
        var principal: String
        var key: String
        var operation: String
        var requestDigest: String
        var createdAt: Date
        var response: String?
    }

    /// An optimistic batch met a key that was already taken: the batch must run again with claims made one by one.
    struct KeyTaken: Error {}

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
    ///
    /// In a batch's first run (``BatchWrites/optimistic``) the key is taken as new without asking the
    /// database, and written with its answer at the end of the batch; if it turns out to be taken (a
    /// retry), that write fails and the batch runs again, claiming here one key at a time. Why: retries
    /// are rare, and the claim was a round trip of every creating request.
    public func claim(principal: String, key: String, operation: String, requestDigest: String, at now: Date) async throws -> Claim {
        let claimed = Answer(principal: principal, key: key, operation: operation, requestDigest: requestDigest, createdAt: now, response: nil)
        if let batch, batch.optimistic {
            batch.claim(claimed)
            return .fresh
        }
        let inserted = try await sql.raw("""
            INSERT INTO idempotency_keys (principal, idempotency_key, operation, request_digest, created_at)
            VALUES (\(bind: principal), \(bind: key), \(bind: operation), \(bind: requestDigest), \(bind: now.microsecondsSince1970))
            ON CONFLICT (principal, idempotency_key) DO NOTHING
            RETURNING principal
            """).all()
        if !inserted.isEmpty {
            batch?.claim(claimed)
            return .fresh
        }
        guard let row = try await sql.raw("""
            SELECT operation, request_digest, response FROM idempotency_keys
            WHERE principal = \(bind: principal) AND idempotency_key = \(bind: key)
            """).first() else { return .conflict }
        // The answer is written at the end of the batch: a retry in the same batch finds it there.
        guard try row.decode(column: "operation", as: String.self) == operation,
              try row.decode(column: "request_digest", as: String.self) == requestDigest,
              let response = try row.decode(column: "response", as: String?.self) ?? batch?.answer(principal: principal, key: key)
        else { return .conflict }
        return .replay(response: response)
    }

    /// Keeps the answer to a claimed key; it is written with the rest of the batch. Only valid in `Store.write`.
    public func complete(principal: String, key: String, response: String) {
        precondition(batch != nil, "idempotency answers are written only inside Store.write")
        batch?.complete(principal: principal, key: key, response: response)
    }

    /// Writes the keys and answers of a batch, 100 (600 values) per statement. A key claimed in this
    /// transaction gets its answer; a key that was already answered before is left alone and makes
    /// the write fail with ``KeyTaken`` (only an optimistic claim can meet one).
    func store(_ answers: [Answer]) async throws {
        guard Set(answers.map { [$0.principal, $0.key] }).count == answers.count else { throw KeyTaken() }
        for chunk in answers.chunked(into: 100) {
            let rows = chunk.map { answer in
                SQLQueryString("""
                    (\(bind: answer.principal), \(bind: answer.key), \(bind: answer.operation), \(bind: answer.requestDigest), \(bind: answer.response), \(bind: answer.createdAt.microsecondsSince1970))
                    """)
            }
            let written = try await sql.raw("""
                INSERT INTO idempotency_keys (principal, idempotency_key, operation, request_digest, response, created_at)
                VALUES \(rows.joined(separator: ", "))
                ON CONFLICT (principal, idempotency_key) DO UPDATE SET response = excluded.response
                WHERE idempotency_keys.response IS NULL
                RETURNING principal
                """).all()
            guard written.count == chunk.count else { throw KeyTaken() }
        }
    }
}
