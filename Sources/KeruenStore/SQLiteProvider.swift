import Foundation
import Logging
import NIOCore
import NIOPosix
import SQLKit
import SQLiteKit
import SQLiteNIO
import Synchronization

/// The embedded database: one SQLite file in WAL mode, one writer connection and a few readers.
///
/// `synchronous=NORMAL` in WAL mode makes every committed transaction survive a crash of the
/// process (`kill -9`); only a power failure could lose the last few, which is the usual trade for
/// an embedded database. Production installations run PostgreSQL.
public final class SQLiteProvider: DatabaseProvider {
    public let dialect = Dialect.sqlite
    private let writer: SQLiteConnection
    private let readers: [SQLiteConnection]
    private let writeLock = AsyncLock()
    private let nextReader = RoundRobin()
    private let logger: Logger

    public static func open(path: String, readers count: Int = 4, logger: Logger) async throws -> SQLiteProvider {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let threadPool = NIOThreadPool.singleton
        let loop = MultiThreadedEventLoopGroup.singleton.any()
        let writer = try await SQLiteConnection.open(storage: .file(path: path), threadPool: threadPool, logger: logger, on: loop)
        for pragma in ["PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL", "PRAGMA foreign_keys=ON", "PRAGMA busy_timeout=10000"] {
            _ = try await writer.query(pragma)
        }
        var readers: [SQLiteConnection] = []
        for _ in 0..<count {
            let reader = try await SQLiteConnection.open(storage: .file(path: path), threadPool: threadPool, logger: logger, on: loop)
            _ = try await reader.query("PRAGMA busy_timeout=10000")
            _ = try await reader.query("PRAGMA query_only=ON")
            readers.append(reader)
        }
        return SQLiteProvider(writer: writer, readers: readers, logger: logger)
    }

    private init(writer: SQLiteConnection, readers: [SQLiteConnection], logger: Logger) {
        self.writer = writer
        self.readers = readers
        self.logger = logger
    }

    public func read<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let reader = readers[nextReader.next() % readers.count]
        return try await body(reader.sql(queryLogLevel: nil))
    }

    public func transaction<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        await writeLock.lock()
        do {
            let sql = writer.sql(queryLogLevel: nil)
            try await sql.raw("BEGIN IMMEDIATE").run()
            do {
                let result = try await body(sql)
                try await sql.raw("COMMIT").run()
                await writeLock.unlock()
                return result
            } catch {
                try? await sql.raw("ROLLBACK").run()
                throw error
            }
        } catch {
            await writeLock.unlock()
            throw error
        }
    }

    /// SQLite has no background work; this waits until the task is cancelled.
    public func run() async throws {
        while !Task.isCancelled {
            try? await Task.sleep(for: .seconds(3600))
        }
    }

    public func close() async throws {
        for reader in readers { try await reader.close() }
        try await writer.close()
    }
}

/// A thread-safe round-robin counter.
final class RoundRobin: Sendable {
    private let value = Mutex(0)
    func next() -> Int {
        value.withLock { count in
            count &+= 1
            return count & Int.max
        }
    }
}
