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

    public init(provider: any DatabaseProvider) {
        self.provider = provider
        self.groupCommit = GroupCommit(provider: provider)
    }

    public var dialect: Dialect { provider.dialect }

    public func read<T: Sendable>(_ body: @Sendable (StoreSession) async throws -> T) async throws -> T {
        try await provider.read { sql in
            try await body(StoreSession(sql: sql, dialect: provider.dialect, audit: nil))
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
    let audit: PendingAudit?

    public var declarations: DeclarationRepository { DeclarationRepository(sql: sql, dialect: dialect) }
    public var users: UserRepository { UserRepository(sql: sql) }
    public var companies: CompanyRepository { CompanyRepository(sql: sql) }
    public var tokens: TokenRepository { TokenRepository(sql: sql) }
    public var idempotency: IdempotencyRepository { IdempotencyRepository(sql: sql) }
    public var auditLog: AuditLog { AuditLog(sql: sql, dialect: dialect) }

    /// Records a state change; written with the transaction. Only valid in `Store.write`.
    public func record(_ entry: AuditEntry) {
        precondition(audit != nil, "audit records are written only inside Store.write")
        audit?.add(entry)
    }
}

/// Audit entries waiting for the end of their transaction.
final class PendingAudit: Sendable {
    private let entries = Mutex<[AuditEntry]>([])
    func add(_ entry: AuditEntry) { entries.withLock { $0.append(entry) } }
    func take() -> [AuditEntry] {
        entries.withLock { entries in
            let taken = entries
            entries = []
            return taken
        }
    }
}
