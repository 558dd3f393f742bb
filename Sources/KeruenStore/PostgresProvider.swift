import Foundation
import Logging
import NIOPosix
import PostgresKit
import PostgresNIO
import SQLKit

/// PostgreSQL through PostresNIO's connection pool. Any number of Keruen nodes can share one server.
public final class PostgresProvider: DatabaseProvider {
    public let dialect = Dialect.postgres
    /// Reads, on the shared event loops.
    private let client: PostgresClient
    /// Writes, on an event loop of their own: writes run one batch at a time (``GroupCommit``), and each
    /// of their round trips waited behind the HTTP traffic of the shared loops (about 350 µs each under load).
    private let writer: PostgresClient

    /// - Parameters:
    ///   - url: `postgres://user:password@host:port/database?sslmode=disable|prefer|require&schema=NAME`
    ///   - schema: puts every table in this schema (tests use one schema each).
    public init(url: String, schema: String? = nil, maximumConnections: Int = 20, logger: Logger) throws {
        guard let parts = URLComponents(string: url), ["postgres", "postgresql"].contains(parts.scheme ?? ""),
              let host = parts.host, !host.isEmpty else {
            throw DatabaseURLError(description: "KERUEN_DATABASE_URL must look like postgres://user:password@host:5432/database")
        }
        let database = parts.path.hasPrefix("/") ? String(parts.path.dropFirst()) : parts.path
        let sslMode = parts.queryItems?.first { $0.name == "sslmode" }?.value ?? "disable"
        let tls: PostgresClient.Configuration.TLS
        switch sslMode {
        case "disable": tls = .disable
        case "require": tls = .require(.makeClientConfiguration())
        default: tls = .prefer(.makeClientConfiguration())
        }
        var configuration = PostgresClient.Configuration(
            host: host, port: parts.port ?? 5432, username: parts.user ?? "postgres",
            password: parts.password, database: database.isEmpty ? nil : database, tls: tls)
        configuration.options.maximumConnections = maximumConnections
        // `?schema=NAME` in the URL does the same as the parameter, for processes started with only a URL.
        if let schema = schema ?? parts.queryItems?.first(where: { $0.name == "schema" })?.value {
            configuration.options.additionalStartupParameters = [("search_path", schema)]
        }
        self.client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        // Two connections: a batch, and `keruen migrate` or a second caller that must not wait for a new one.
        configuration.options.maximumConnections = 2
        self.writer = PostgresClient(configuration: configuration, eventLoopGroup: Self.writerThread, backgroundLogger: logger)
    }

    private static let writerThread = MultiThreadedEventLoopGroup(numberOfThreads: 1)

    public func read<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await client.withConnection { connection in
            try await withTaskExecutorPreference(EventLoopTaskExecutor(connection.eventLoop)) {
                try await body(connection.sql(queryLogLevel: nil))
            }
        }
    }

    /// BEGIN, the body and COMMIT all run on the connection's event loop (see ``EventLoopTaskExecutor``).
    /// A failed body is rolled back and its own error (a refused request, say) passed on as it was thrown.
    public func transaction<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await writer.withConnection { connection in
            try await withTaskExecutorPreference(EventLoopTaskExecutor(connection.eventLoop)) {
                let sql = connection.sql(queryLogLevel: nil)
                try await sql.raw("BEGIN").run()
                let result: T
                do {
                    result = try await body(sql)
                } catch {
                    do {
                        try await sql.raw("ROLLBACK").run()
                    } catch {
                        // A connection that cannot roll back must not go back to the pool half-way through a transaction.
                        try? await connection.close()
                    }
                    throw error
                }
                try await sql.raw("COMMIT").run()
                return result
            }
        }
    }

    /// Runs the pool; the pool serves requests only while this runs.
    public func run() async throws {
        await withDiscardingTaskGroup { group in
            group.addTask { await self.client.run() }
            group.addTask { await self.writer.run() }
        }
    }

    public func close() async throws {}
}
