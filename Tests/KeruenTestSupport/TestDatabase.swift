import Foundation
import KeruenStore
import Logging
import PostgresNIO

/// A fresh, empty database for one test: an SQLite file in a temporary folder or, when
/// KERUEN_TEST_DATABASE_URL names a PostgreSQL server, a schema of its own there (dropped after).
public enum TestDatabase {
    public static var postgresURL: String? {
        ProcessInfo.processInfo.environment["KERUEN_TEST_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    public static var kind: String { postgresURL == nil ? "sqlite" : "postgres" }

    public static func withProvider<T: Sendable>(_ body: (any DatabaseProvider, _ url: String) async throws -> T) async throws -> T {
        var logger = Logger(label: "keruen.test")
        logger.logLevel = .warning
        if let url = postgresURL {
            let schema = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
            let admin = try PostgresProvider(url: url, maximumConnections: 1, logger: logger)
            try await withRunningDatabase(admin) {
                try await admin.transaction { try await $0.raw("CREATE SCHEMA \(unsafeRaw: String(schema))").run() }
            }
            do {
                let provider = try PostgresProvider(url: url, schema: String(schema), logger: logger)
                let schemaURL = url + (url.contains("?") ? "&" : "?") + "schema=\(schema)"
                let result = try await withRunningDatabase(provider) { try await body(provider, schemaURL) }
                try await dropSchema(String(schema), url: url, logger: logger)
                return result
            } catch {
                try? await dropSchema(String(schema), url: url, logger: logger)
                throw error
            }
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("keruen-test-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("keruen.sqlite").path
        let provider = try await SQLiteProvider.open(path: path, logger: logger)
        return try await withRunningDatabase(provider) { try await body(provider, "sqlite:" + path) }
    }

    /// A migrated store.
    public static func withStore<T: Sendable>(_ body: (Store) async throws -> T) async throws -> T {
        try await withProvider { provider, _ in
            let store = Store(provider: provider)
            try await store.migrate()
            return try await body(store)
        }
    }

    private static func dropSchema(_ schema: String, url: String, logger: Logger) async throws {
        let admin = try PostgresProvider(url: url, maximumConnections: 1, logger: logger)
        try await withRunningDatabase(admin) {
            try await admin.transaction { try await $0.raw("DROP SCHEMA \(unsafeRaw: schema) CASCADE").run() }
        }
    }
}
