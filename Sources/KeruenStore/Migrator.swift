import Foundation
import SQLKit

/// Applies the numbered migrations that a database has not seen yet, each in its own transaction.
public struct Migrator: Sendable {
    let provider: any DatabaseProvider
    let migrations: [Migration]

    public init(provider: any DatabaseProvider, migrations: [Migration] = Migration.all) {
        self.provider = provider
        self.migrations = migrations
    }

    /// The newest version this build knows.
    public var latestVersion: Int { migrations.map(\.version).max() ?? 0 }

    /// Applies what is missing; answers the versions applied.
    @discardableResult
    public func migrate() async throws -> [Int] {
        try await provider.transaction { sql in
            try await sql.raw("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)").run()
        }
        var applied: [Int] = []
        for migration in migrations.sorted(by: { $0.version < $1.version }) {
            let done = try await provider.transaction { sql -> Bool in
                // Taking the row lock first means two nodes starting together apply each migration once.
                if provider.dialect == .postgres {
                    try await sql.raw("LOCK TABLE schema_migrations IN EXCLUSIVE MODE").run()
                }
                let existing = try await sql.raw("SELECT version FROM schema_migrations WHERE version = \(bind: migration.version)").all()
                guard existing.isEmpty else { return false }
                for statement in migration.statements {
                    try await sql.raw(SQLQueryString(statement)).run()
                }
                try await sql.raw("INSERT INTO schema_migrations (version, name, applied_at) VALUES (\(bind: migration.version), \(bind: migration.name), \(bind: Date().microsecondsSince1970))").run()
                return true
            }
            if done { applied.append(migration.version) }
        }
        return applied
    }

    /// The newest applied version, or 0 on an empty database.
    public func currentVersion() async throws -> Int {
        try await provider.read { sql in
            do {
                let row = try await sql.raw("SELECT MAX(version) AS version FROM schema_migrations").first()
                return try row?.decode(column: "version", as: Int?.self) ?? 0
            } catch {
                return 0
            }
        }
    }
}
