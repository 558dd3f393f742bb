import Foundation
import KeruenSQLite
import Logging
import NIOPosix
import SQLKit
import Synchronization

/// The embedded database: one SQLite file in WAL mode, one writer connection and readers on demand.
///
/// `synchronous=NORMAL` in WAL mode makes every committed transaction survive a crash of the
/// process (`kill -9`); only a power failure could lose the last few, which is the usual trade for
/// an embedded database. Production installations run PostgreSQL.
public final class SQLiteProvider: DatabaseProvider {
    public let dialect = Dialect.sqlite
    private let path: String
    private let writer: EmbeddedSQLiteConnection
    private let writeLock = AsyncLock()
    /// Readers not in use. Statements never wait on each other in WAL mode, so a reader is opened
    /// whenever none is free; at most `idleReaderLimit` are kept.
    private let idleReaders = Mutex<[EmbeddedSQLiteConnection]>([])
    private static let idleReaderLimit = 8
    private let logger: Logger

    public static func open(path: String, logger: Logger) async throws -> SQLiteProvider {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        // The writer never checkpoints; `run()` does it aside, so that no commit waits for one.
        let writer = try connect(path, ["PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL", "PRAGMA foreign_keys=ON",
                                        "PRAGMA wal_autocheckpoint=0"])
        return SQLiteProvider(path: path, writer: writer, logger: logger)
    }

    /// A connection that waits up to ten seconds for a lock another process holds (`keruen user add`
    /// beside a running server), with the connection's own settings.
    private static func connect(_ path: String, _ pragmas: [String]) throws -> EmbeddedSQLiteConnection {
        let connection = try EmbeddedSQLiteConnection(path: path)
        for pragma in ["PRAGMA busy_timeout=10000"] + pragmas { try connection.run(pragma) }
        return connection
    }

    private init(path: String, writer: EmbeddedSQLiteConnection, logger: Logger) {
        self.path = path
        self.writer = writer
        self.logger = logger
    }

    public func read<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let reader = try idleReaders.withLock { $0.popLast() } ?? Self.connect(path, ["PRAGMA query_only=ON"])
        defer {
            idleReaders.withLock { idle in
                if idle.count < Self.idleReaderLimit { idle.append(reader) }
            }
        }
        return try await body(EmbeddedSQLiteDatabase(connection: reader, logger: logger))
    }

    public func transaction<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        await writeLock.lock()
        defer { writeLock.unlock() }
        try writer.run("BEGIN IMMEDIATE")
        do {
            let result = try await body(EmbeddedSQLiteDatabase(connection: writer, logger: logger))
            try writer.run("COMMIT")
            return result
        } catch {
            try? writer.run("ROLLBACK")
            throw error
        }
    }

    /// Copies the write-ahead log into the database file every `checkpointInterval`, on a thread
    /// of its own (it writes and syncs the file), until the task is cancelled.
    public func run() async throws {
        let checkpointer = try Self.connect(path, [])
        defer { checkpointer.close() }
        while true {
            try? await Task.sleep(for: Self.checkpointInterval)
            if Task.isCancelled { return }
            do {
                try await NIOThreadPool.singleton.runIfActive { try checkpointer.run("PRAGMA wal_checkpoint(PASSIVE)") }
            } catch is CancellationError {
                return
            } catch {
                logger.warning("SQLite checkpoint failed", metadata: ["error": "\(error)"])
            }
        }
    }

    static let checkpointInterval = Duration.milliseconds(500)

    public func close() async throws {
        await writeLock.lock()
        defer { writeLock.unlock() }
        idleReaders.withLock { idle in
            for reader in idle { reader.close() }
            idle = []
        }
        writer.close()
    }
}
