import Crypto
import Foundation
import KeruenCore
import KeruenStore

/// A creating request that may be retried: who sent it, with which key, and a digest of what it asked.
struct IdempotentRequest: Sendable {
    var principal: String
    var key: String
    var operation: String
    var digest: String

    /// nil when the client sent no key.
    init?(key: String?, principal: String, operation: String, body: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        try self.init(key: key, principal: principal, operation: operation, encodedBody: String(decoding: try encoder.encode(body), as: UTF8.self))
    }

    /// For a body the caller has already encoded (with sorted keys).
    init?(key: String?, principal: String, operation: String, encodedBody: String) throws {
        guard let key, !key.isEmpty else { return nil }
        guard key.count <= 200 else { throw APIProblem(.badRequest, "bad-request", detail: "Idempotency-Key is longer than 200 characters.") }
        self.principal = principal
        self.key = key
        self.operation = operation
        self.digest = SHA256.hash(data: Data(encodedBody.utf8)).hex
    }

    /// Runs `work` once per key inside the caller's transaction; a retry gets the stored answer.
    static func run<T: IdempotentAnswer>(_ request: IdempotentRequest?, in session: StoreSession, now: Date,
                                           _ work: () async throws -> T) async throws -> T {
        guard let request else { return try await work() }
        switch try await session.idempotency.claim(principal: request.principal, key: request.key, operation: request.operation,
                                                   requestDigest: request.digest, at: now) {
        case .replay(let stored):
            return try T(idempotencyRecord: stored)
        case .conflict:
            throw APIProblem.idempotencyConflict
        case .fresh:
            let result = try await work()
            try await session.idempotency.complete(principal: request.principal, key: request.key, response: try result.idempotencyRecord())
            return result
        }
    }
}

/// An answer kept for retries of the request that produced it, as text.
protocol IdempotentAnswer: Sendable {
    func idempotencyRecord() throws -> String
    init(idempotencyRecord: String) throws
}

extension IdempotentAnswer where Self: Codable {
    func idempotencyRecord() throws -> String { String(decoding: try JSONEncoder().encode(self), as: UTF8.self) }
    init(idempotencyRecord: String) throws { self = try JSONDecoder().decode(Self.self, from: Data(idempotencyRecord.utf8)) }
}

extension Company: IdempotentAnswer {}
extension RepresentationContract: IdempotentAnswer {}
extension StoredUser: IdempotentAnswer {}

extension DeclarationDocument: IdempotentAnswer {
    func idempotencyRecord() throws -> String { try json() }
    init(idempotencyRecord: String) throws { try self.init(json: idempotencyRecord) }
}
