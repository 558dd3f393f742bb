import Foundation
import Logging
import SQLKit

/// A connection source for the store: reads run concurrently, writes run in a transaction.
public protocol DatabaseProvider: Sendable {
    var dialect: Dialect { get }
    /// Runs `body` with a connection for reading.
    func read<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T
    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws.
    func transaction<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T
    /// Lets background work (the PostgreSQL pool) run; returns when the provider shuts down.
    func run() async throws
    func close() async throws
}

/// Configuration errors a user can fix.
public struct DatabaseURLError: Error, CustomStringConvertible {
    public let description: String
}

extension Date {
    /// Times are stored as integer microseconds since 1970 UTC: exact, sortable, the same on both databases.
    public var microsecondsSince1970: Int64 { Int64((timeIntervalSince1970 * 1_000_000).rounded()) }
    public init(microsecondsSince1970 value: Int64) { self.init(timeIntervalSince1970: Double(value) / 1_000_000) }
}

/// Runs `body` while the provider's background work (the PostgreSQL pool) runs, then closes the provider.
public func withRunningDatabase<T: Sendable>(_ provider: any DatabaseProvider, _ body: () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await provider.run() }
        do {
            let result = try await body()
            group.cancelAll()
            try? await provider.close()
            return result
        } catch {
            group.cancelAll()
            try? await provider.close()
            throw error
        }
    }
}

/// Opens the database a URL names: `sqlite:PATH` or `postgres://…`.
public func openDatabase(url: String, logger: Logger) async throws -> any DatabaseProvider {
    if url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") {
        return try PostgresProvider(url: url, logger: logger)
    }
    guard url.hasPrefix("sqlite:") else {
        throw DatabaseURLError(description: "unsupported database URL \(url): use sqlite:PATH or postgres://user:password@host:port/database")
    }
    return try await SQLiteProvider.open(path: String(url.dropFirst("sqlite:".count)), logger: logger)
}
