import Foundation
import KeruenCore
import SQLKit

/// Bearer tokens and portal sessions, stored only as SHA-256 hashes of the secret.
public struct TokenRepository: Sendable {
    let sql: any SQLDatabase

    public enum Kind: String, Sendable { case api, session }

    /// The user's columns, qualified for the join with the token.
    private static let userColumns = UserRepository.columns.split(separator: ",").map { "u." + $0.trimmingSpaces() }.joined(separator: ", ")

    /// A live token, with its user.
    public struct Grant: Sendable {
        public var user: UserAccount
        public var kind: Kind
        public var csrfToken: String?
        public var language: Language?
        public var expiresAt: Date
    }

    public func insert(hash: String, userID: String, kind: Kind, csrfToken: String?, language: Language?, at now: Date, expiresAt: Date) async throws {
        try await sql.insert(into: "auth_tokens")
            .columns("token_hash", "user_id", "kind", "csrf_token", "language", "created_at", "expires_at")
            .values(SQLBind(hash), SQLBind(userID), SQLBind(kind.rawValue), SQLBind(csrfToken), SQLBind(language?.rawValue),
                    SQLBind(now.microsecondsSince1970), SQLBind(expiresAt.microsecondsSince1970))
            .run()
    }

    /// The grant for a token hash if it is neither expired nor revoked and its user is enabled.
    public func find(hash: String, kind: Kind, now: Date) async throws -> Grant? {
        guard let row = try await sql.raw("""
            SELECT \(unsafeRaw: Self.userColumns), t.kind AS token_kind, t.csrf_token, t.language AS session_language, t.expires_at
            FROM auth_tokens t JOIN users u ON u.id = t.user_id
            WHERE t.token_hash = \(bind: hash) AND t.kind = \(bind: kind.rawValue) AND t.revoked_at IS NULL
              AND t.expires_at > \(bind: now.microsecondsSince1970) AND u.disabled = 0
            """).first() else { return nil }
        return Grant(
            user: try UserRepository.user(row),
            kind: kind,
            csrfToken: try row.decode(column: "csrf_token", as: String?.self),
            language: try row.decode(column: "session_language", as: String?.self).flatMap(Language.init(rawValue:)),
            expiresAt: Date(microsecondsSince1970: try row.decode(column: "expires_at", as: Int64.self)))
    }

    public func revoke(hash: String, at now: Date) async throws {
        try await sql.raw("UPDATE auth_tokens SET revoked_at = \(bind: now.microsecondsSince1970) WHERE token_hash = \(bind: hash) AND revoked_at IS NULL").run()
    }

    public func revokeAll(userID: String, at now: Date) async throws {
        try await sql.raw("UPDATE auth_tokens SET revoked_at = \(bind: now.microsecondsSince1970) WHERE user_id = \(bind: userID) AND revoked_at IS NULL").run()
    }

    public func setLanguage(hash: String, _ language: Language) async throws {
        try await sql.raw("UPDATE auth_tokens SET language = \(bind: language.rawValue) WHERE token_hash = \(bind: hash)").run()
    }
}
