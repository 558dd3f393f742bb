import Foundation
import KeruenCore
import SQLKit

/// Users and the people (IIN) behind them.
public struct UserRepository: Sendable {
    let sql: any SQLDatabase

    static let columns = "id, username, password_hash, display_name, iin, roles, company_bin, office_code, language, disabled, failed_sign_ins, last_failed_at"

    public func insert(_ user: UserAccount, at now: Date) async throws {
        if let iin = user.iin {
            try await sql.raw("""
                INSERT INTO people (iin, full_name, created_at) VALUES (\(bind: iin), \(bind: user.displayName), \(bind: now.microsecondsSince1970))
                ON CONFLICT (iin) DO NOTHING
                """).run()
        }
        try await sql.insert(into: "users")
            .columns("id", "username", "password_hash", "display_name", "iin", "roles", "company_bin", "office_code", "language", "disabled", "created_at")
            .values(SQLBind(user.id), SQLBind(user.username), SQLBind(user.passwordHash), SQLBind(user.displayName), SQLBind(user.iin),
                    SQLBind(user.roles.map(\.rawValue).sorted().joined(separator: ",")), SQLBind(user.companyBIN), SQLBind(user.officeCode),
                    SQLBind(user.language.rawValue), SQLBind(user.disabled ? 1 : 0), SQLBind(now.microsecondsSince1970))
            .run()
    }

    public func find(username: String) async throws -> UserAccount? {
        try await sql.raw("SELECT \(unsafeRaw: Self.columns) FROM users WHERE username = \(bind: username)").first().map(Self.user)
    }

    public func find(id: String) async throws -> UserAccount? {
        try await sql.raw("SELECT \(unsafeRaw: Self.columns) FROM users WHERE id = \(bind: id)").first().map(Self.user)
    }

    public func all() async throws -> [UserAccount] {
        try await sql.raw("SELECT \(unsafeRaw: Self.columns) FROM users ORDER BY username").all().map(Self.user)
    }

    public func recordFailedSignIn(userID: String, at now: Date) async throws {
        try await sql.raw("UPDATE users SET failed_sign_ins = failed_sign_ins + 1, last_failed_at = \(bind: now.microsecondsSince1970) WHERE id = \(bind: userID)").run()
    }

    public func clearFailedSignIns(userID: String) async throws {
        try await sql.raw("UPDATE users SET failed_sign_ins = 0, last_failed_at = NULL WHERE id = \(bind: userID) AND failed_sign_ins > 0").run()
    }

    public func setLanguage(userID: String, _ language: Language) async throws {
        try await sql.raw("UPDATE users SET language = \(bind: language.rawValue) WHERE id = \(bind: userID)").run()
    }

    static func user(_ row: any SQLRow) throws -> UserAccount {
        UserAccount(
            id: try row.decode(column: "id", as: String.self),
            username: try row.decode(column: "username", as: String.self),
            passwordHash: try row.decode(column: "password_hash", as: String.self),
            displayName: try row.decode(column: "display_name", as: String.self),
            iin: try row.decode(column: "iin", as: String?.self),
            roles: Set(try row.decode(column: "roles", as: String.self).split(separator: ",").compactMap { Role(rawValue: String($0)) }),
            companyBIN: try row.decode(column: "company_bin", as: String?.self),
            officeCode: try row.decode(column: "office_code", as: String?.self),
            language: Language(rawValue: try row.decode(column: "language", as: String.self)) ?? .ru,
            disabled: try row.decode(column: "disabled", as: Int.self) != 0,
            failedSignIns: try row.decode(column: "failed_sign_ins", as: Int.self),
            lastFailedAt: try row.decode(column: "last_failed_at", as: Int64?.self).map(Date.init(microsecondsSince1970:)))
    }
}
