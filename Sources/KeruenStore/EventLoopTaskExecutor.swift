import NIOCore

/// Runs a task's jobs on one NIO event loop.
///
/// Why: a PostgreSQL transaction makes a dozen round trips and, at its end, holds locks (the
/// registration counter, the audit chain) that every other registration waits for. Resumed on the
/// shared cooperative pool, each round trip also waited behind the JSON work of every other request;
/// resumed on the connection's own event loop, the transaction continues as soon as the answer arrives.
final class EventLoopTaskExecutor: TaskExecutor {
    let eventLoop: any EventLoop

    init(_ eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
