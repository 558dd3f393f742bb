import Crypto
import Foundation
import KeruenStore

/// A creating request that may be retried: who sent it, with which key, and a digest of what it asked.
struct IdempotentRequest: Sendable {
    var principal: String
    var key: String
    var operation: String
    var digest: String

    /// nil when the client sent no key.
    init?(key: String?, principal: String, operation: String, body: some Encodable) throws {
        guard let key, !key.isEmpty else { return nil }
        guard key.count <= 200 else { throw APIProblem(.badRequest, "bad-request", detail: "Idempotency-Key is longer than 200 characters.") }
        self.principal = principal
        self.key = key
        self.operation = operation
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        self.digest = SHA256.hash(data: try encoder.encode(body)).hex
    }

    /// Runs `work` once per key inside the caller's transaction; a retry gets the stored answer.
    static func run<T: Codable & Sendable>(_ request: IdempotentRequest?, in session: StoreSession, now: Date,
                                           _ work: () async throws -> T) async throws -> T {
        guard let request else { return try await work() }
        switch try await session.idempotency.claim(principal: request.principal, key: request.key, operation: request.operation,
                                                   requestDigest: request.digest, at: now) {
        case .replay(let stored):
            return try JSONDecoder().decode(T.self, from: Data(stored.utf8))
        case .conflict:
            throw APIProblem.idempotencyConflict
        case .fresh:
            let result = try await work()
            try await session.idempotency.complete(principal: request.principal, key: request.key,
                                                   response: String(decoding: try JSONEncoder().encode(result), as: UTF8.self))
            return result
        }
    }
}
