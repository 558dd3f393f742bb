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
        var response: String
    }

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
        batch?.answer(Answer(principal: principal, key: key, response: response))
    }

    /// Writes the answers of a batch, 300 (900 values) per statement.
    func store(_ answers: [Answer]) async throws {
        for start in stride(from: 0, to: answers.count, by: 300) {
            let rows = answers[start..<min(start + 300, answers.count)].map { answer in
                SQLQueryString("(\(bind: answer.principal), \(bind: answer.key), \(bind: answer.response))")
            }
            // VALUES columns are called column1, column2, … on both databases.
            try await sql.raw("""
                UPDATE idempotency_keys SET response = answers.column3 FROM (VALUES \(rows.joined(separator: ", "))) AS answers
                WHERE idempotency_keys.principal = answers.column1 AND idempotency_keys.idempotency_key = answers.column2
                """).run()
        }
    }
}
