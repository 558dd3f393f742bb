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
        // The writer never checkpoints; `run()` does it aside, so that no commit waits for one. Its page cache is
        // 64 MB (SQLite's default is 2 MB): the indexes it appends to stay in memory instead of being read back.
        let writer = try connect(path, ["PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL", "PRAGMA foreign_keys=ON",
                                        "PRAGMA wal_autocheckpoint=0", "PRAGMA cache_size=-65536"])
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
        // A checkpoint waits at most a moment for readers; it is tried again at the next interval.
        let checkpointer = try Self.connect(path, ["PRAGMA busy_timeout=100"])
        defer { checkpointer.close() }
        while true {
            try? await Task.sleep(for: Self.checkpointInterval)
            if Task.isCancelled { return }
            do {
                try await NIOThreadPool.singleton.runIfActive { try Self.checkpoint(checkpointer) }
            } catch is CancellationError {
                return
            } catch {
                logger.warning("SQLite checkpoint failed", metadata: ["error": "\(error)"])
            }
        }
    }

    /// A passive checkpoint, which never holds up the writer; then, once the log is long and all of
    /// it has been copied, a restart, so that the writer starts the log file again from its beginning.
    ///
    /// Why: under a steady load some reader always sits in the log, so SQLite never starts it again by
    /// itself; the file then grew by about 100 MB a second at 300 registrations a second, and writing
    /// into new blocks of a file costs the kernel more (zeroing, allocation) than overwriting old ones.
    private static func checkpoint(_ connection: EmbeddedSQLiteConnection) throws {
        var logFrames: Int64 = 0
        var copiedFrames: Int64 = 0
        try connection.run("PRAGMA wal_checkpoint(PASSIVE)") { _, values in
            if case .integer(let log) = values[1], case .integer(let copied) = values[2] { (logFrames, copiedFrames) = (log, copied) }
        }
        // A log that the passive checkpoints no longer catch up with (device ingestion writes ~15 MB a second) is
        // copied and restarted even if the writer has to wait for it: left alone it grew past 600 MB in a minute
        // and every write and read slowed down with it.
        if logFrames >= restartFrames, copiedFrames == logFrames || logFrames >= 4 * restartFrames {
            try connection.run("PRAGMA wal_checkpoint(RESTART)")
        }
    }

    /// About 16 MB of 4 KB pages.
    static let restartFrames: Int64 = 4000

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
