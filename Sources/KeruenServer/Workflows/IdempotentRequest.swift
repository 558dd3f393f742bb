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
            return try await T.replay(stored, in: session)
        case .conflict:
            throw APIProblem.idempotencyConflict
        case .fresh:
            let result = try await work()
            session.idempotency.complete(principal: request.principal, key: request.key, response: try result.idempotencyRecord())
            return result
        }
    }
}

/// An answer kept for retries of the request that produced it, as text.
protocol IdempotentAnswer: Sendable {
    func idempotencyRecord() throws -> String
    /// The first answer again, from its record (and from the store, for what the record only names).
    static func replay(_ record: String, in session: StoreSession) async throws -> Self
}

extension IdempotentAnswer where Self: Codable {
    func idempotencyRecord() throws -> String { String(decoding: try JSONEncoder().encode(self), as: UTF8.self) }
    static func replay(_ record: String, in session: StoreSession) async throws -> Self {
        try JSONDecoder().decode(Self.self, from: Data(record.utf8))
    }
}

extension Company: IdempotentAnswer {}
extension RepresentationContract: IdempotentAnswer {}
extension StoredUser: IdempotentAnswer {}

/// A declaration answer keeps its header and names its content version, which is never rewritten.
extension DeclarationDocument: IdempotentAnswer {
    func idempotencyRecord() throws -> String { try reference() }
    static func replay(_ record: String, in session: StoreSession) async throws -> DeclarationDocument {
        guard let document = try await session.declarations.document(reference: record) else {
            throw APIProblem(.internalServerError, "internal-error", detail: "The first answer to this request names content that is missing.")
        }
        return document
    }
}
