import Foundation
import KeruenCore
import Logging
import SQLKit
import Synchronization

/// The way in to the database for the rest of Keruen: reads, and writes in one transaction that
/// also appends the audit records of what it changed.
public struct Store: Sendable {
    public let provider: any DatabaseProvider
    private let groupCommit: GroupCommit
    /// The trade cells this node holds in memory to answer statistics (``TradeCubeCache``).
    let tradeCube = TradeCubeCache()

    public init(provider: any DatabaseProvider) {
        self.provider = provider
        self.groupCommit = GroupCommit(provider: provider, tradeCube: tradeCube)
    }

    public var dialect: Dialect { provider.dialect }

    /// Whether this node's trade cube has been loaded (statistics and risk's mirror gaps answer without waiting for it).
    public var statisticsLoaded: Bool { tradeCube.loaded }

    public func read<T: Sendable>(_ body: @Sendable (StoreSession) async throws -> T) async throws -> T {
        try await provider.read { sql in
            try await body(StoreSession(sql: sql, dialect: provider.dialect, batch: nil, tradeCube: tradeCube))
        }
    }

    /// Runs `body` in a transaction, with the requests that arrived at the same time (``GroupCommit``),
    /// and answers once it is committed. The audit entries it records are chained and written with it.
    public func write<T: Sendable>(_ body: @escaping @Sendable (StoreSession) async throws -> T) async throws -> T {
        try await groupCommit.perform { try await body($0) } as! T
    }

    public func migrate() async throws -> [Int] {
        try await Migrator(provider: provider).migrate()
    }
}

/// One connection (inside a transaction when writing) with the repositories over it.
public struct StoreSession: Sendable {
    public let sql: any SQLDatabase
    public let dialect: Dialect
    /// What the batch writes at its end; nil when reading.
    let batch: BatchWrites?
    let tradeCube: TradeCubeCache

    public var declarations: DeclarationRepository { DeclarationRepository(sql: sql, dialect: dialect) }
    public var users: UserRepository { UserRepository(sql: sql) }
    public var companies: CompanyRepository { CompanyRepository(sql: sql) }
    public var tokens: TokenRepository { TokenRepository(sql: sql) }
    public var idempotency: IdempotencyRepository { IdempotencyRepository(sql: sql, batch: batch) }
    public var auditLog: AuditLog { AuditLog(sql: sql, dialect: dialect) }
    public var trust: TrustRepository { TrustRepository(sql: sql) }
    public var signatures: SignatureRepository { SignatureRepository(sql: sql) }
    public var checkpoints: CheckpointRepository { CheckpointRepository(sql: sql) }
    public var paymentReference: PaymentReferenceRepository { PaymentReferenceRepository(sql: sql) }
    public var invoices: InvoiceRepository { InvoiceRepository(sql: sql) }
    public var accounts: AccountRepository { AccountRepository(sql: sql) }
    public var guarantees: GuaranteeRepository { GuaranteeRepository(sql: sql) }
    public var risk: RiskRepository { RiskRepository(sql: sql) }
    public var assignments: AssignmentRepository { AssignmentRepository(sql: sql) }
    public var control: ControlRepository { ControlRepository(sql: sql) }
    public var webhooks: WebhookRepository { WebhookRepository(sql: sql) }
    public var transit: TransitRepository { TransitRepository(sql: sql) }
    public var border: BorderRepository { BorderRepository(sql: sql) }
    public var statistics: StatisticsRepository { StatisticsRepository(sql: sql, cube: tradeCube) }
    public var reports: ReportRepository { ReportRepository(sql: sql) }

    /// Records a state change; written with the transaction. Only valid in `Store.write`.
    public func record(_ entry: AuditEntry) {
        precondition(batch != nil, "audit records are written only inside Store.write")
        batch?.record(entry)
    }
}

/// What the requests of a batch leave to be written at its end, in their order: audit records (chained
/// once per batch) and idempotency keys with their answers (one statement per batch instead of one per request).
final class BatchWrites: Sendable {
    struct State: Sendable {
        var audit: [AuditEntry] = []
        var answers: [IdempotencyRepository.Answer] = []
    }

    /// Keys are taken as new without asking the database (``IdempotencyRepository/claim(principal:key:operation:requestDigest:at:)``).
    let optimistic: Bool
    private let state = Mutex(State())

    init(optimistic: Bool) {
        self.optimistic = optimistic
    }

    func record(_ entry: AuditEntry) { state.withLock { $0.audit.append(entry) } }
    func claim(_ key: IdempotencyRepository.Answer) { state.withLock { $0.answers.append(key) } }

    /// Gives the key claimed last under this name its answer.
    func complete(principal: String, key: String, response: String) {
        state.withLock { state in
            guard let index = state.answers.lastIndex(where: { $0.principal == principal && $0.key == key }) else {
                preconditionFailure("an idempotency key is completed only after it was claimed")
            }
            state.answers[index].response = response
        }
    }

    /// The answer an earlier request of this batch gave under this key, not yet written.
    func answer(principal: String, key: String) -> String? {
        state.withLock { $0.answers.last { $0.principal == principal && $0.key == key }?.response }
    }

    /// Where a request starts, so that what it left can be dropped if it fails alone.
    func mark() -> (audit: Int, answers: Int) { state.withLock { ($0.audit.count, $0.answers.count) } }

    func rollBack(to mark: (audit: Int, answers: Int)) {
        state.withLock { state in
            state.audit.removeLast(state.audit.count - mark.audit)
            state.answers.removeLast(state.answers.count - mark.answers)
        }
    }

    var contents: State { state.withLock { $0 } }
}
