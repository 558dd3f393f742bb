import KeruenCore
import NIOPosix
import SQLKit
import Synchronization

/// Group commit: write requests that arrive while a transaction is being written join the next
/// transaction together, one after another.
///
/// Why: every write ends by extending the audit chain, so two writes can never commit side by side;
/// a commit on PostgreSQL waits for a disk flush (3.5 ms on the development machine, `pg_test_fsync`),
/// so one transaction per request allowed under 300 writes a second whatever the CPU. Here one commit
/// carries every request that waited for it. A request that fails fails alone (see ``runBatch(_:)``);
/// every request of a batch is answered only after the COMMIT, so nothing is acknowledged that
/// was not written. Requests run one after another, in arrival order, exactly as if each had its own
/// transaction; the head of the audit chain is taken first, so batches of several Keruen nodes
/// queue for each other instead of deadlocking.
///
/// The batches run on a thread of their own (``lane``), in a task that starts when a request finds
/// none running and ends when no request is waiting.
final class GroupCommit: Sendable {
    typealias Work = @Sendable (StoreSession) async throws -> any Sendable

    /// At most this many requests share a transaction, which bounds how long a request waits for its batch.
    static let maximumBatch = 64

    private let provider: any DatabaseProvider
    private let tradeCube: TradeCubeCache
    private let state = Mutex(State())

    private struct State {
        var running = false
        var waiting: [Waiting] = []
    }

    private struct Waiting: Sendable {
        var work: Work
        var answer: CheckedContinuation<any Sendable, any Error>
    }

    init(provider: any DatabaseProvider, tradeCube: TradeCubeCache) {
        self.provider = provider
        self.tradeCube = tradeCube
    }

    /// Runs `work` in a transaction (shared with others that arrived at the same time) and answers once it is committed.
    func perform(_ work: @escaping Work) async throws -> any Sendable {
        try await withCheckedThrowingContinuation { continuation in
            let start = state.withLock { state in
                state.waiting.append(Waiting(work: work, answer: continuation))
                defer { state.running = true }
                return !state.running
            }
            if start {
                Task(executorPreference: Self.lane) { await self.runBatches() }
            }
        }
    }

    /// The thread the batches run on.
    ///
    /// Why: on the shared pool of two threads, each next batch was queued behind the requests the
    /// last one had just answered (each encoding its JSON answer), and the batches stood still half the time.
    private static let lane = EventLoopTaskExecutor(MultiThreadedEventLoopGroup(numberOfThreads: 1).next())

    private func runBatches() async {
        while true {
            let batch = state.withLock { state in
                let taken = Array(state.waiting.prefix(Self.maximumBatch))
                state.waiting.removeFirst(taken.count)
                if taken.isEmpty { state.running = false }
                return taken
            }
            if batch.isEmpty { return }
            let results = await runBatch(batch.map(\.work))
            for (waiting, result) in zip(batch, results) { waiting.answer.resume(with: result) }
        }
    }

    /// One transaction for `works`, in order; answers each one's result.
    ///
    /// The batch is first run without savepoints (two round trips fewer per request on PostgreSQL) and
    /// with idempotency keys taken as new (one fewer); if a request fails, or a key was taken after all,
    /// the whole transaction is rolled back and the batch run again with a savepoint around each request
    /// and each key claimed in turn, so that the one that fails fails alone. Nothing of the first run was
    /// committed or answered, and requests only touch the database, so running them again is safe.
    private func runBatch(_ works: [Work]) async -> [Result<any Sendable, any Error>] {
        do {
            return try await transaction(works, isolated: false)
        } catch let failed as RequestFailed where works.count == 1 && !failed.tookKey {
            return [.failure(failed.error)]
        } catch is RequestFailed, is IdempotencyRepository.KeyTaken {
            do {
                return try await transaction(works, isolated: true)
            } catch {
                return works.map { _ in .failure(error) }
            }
        } catch {
            // The commit (or the chain) failed: no request of the batch was written.
            return works.map { _ in .failure(error) }
        }
    }

    /// A request failed in a batch run without savepoints.
    private struct RequestFailed: Error {
        var error: any Error
        /// It took an idempotency key as new: it may be a retry, which must get the first answer instead.
        var tookKey: Bool
    }

    private func transaction(_ works: [Work], isolated: Bool) async throws -> [Result<any Sendable, any Error>] {
        let dialect = provider.dialect
        return try await provider.transaction { sql in
            let audit = AuditLog(sql: sql, dialect: dialect)
            let head = try await audit.lockHead()
            let batch = BatchWrites(optimistic: !isolated)
            var results: [Result<any Sendable, any Error>] = []
            for work in works {
                let mark = batch.mark()
                if isolated { try await sql.raw("SAVEPOINT request").run() }
                do {
                    let value = try await work(StoreSession(sql: sql, dialect: dialect, batch: batch, tradeCube: tradeCube))
                    if isolated { try await sql.raw("RELEASE SAVEPOINT request").run() }
                    results.append(.success(value))
                } catch where isolated {
                    try await sql.raw("ROLLBACK TO SAVEPOINT request").run()
                    try await sql.raw("RELEASE SAVEPOINT request").run()
                    batch.rollBack(to: mark)
                    results.append(.failure(error))
                } catch {
                    throw RequestFailed(error: error, tookKey: batch.mark().answers > mark.answers)
                }
            }
            let writes = batch.contents
            try await IdempotencyRepository(sql: sql, batch: nil).store(writes.answers)
            try await audit.append(writes.audit, after: head)
            return results
        }
    }
}
