import Crypto
import Foundation
import KeruenCore
import SQLKit

/// The append-only audit trail. Each record's hash covers its own fields and the previous record's
/// hash, so changing or removing any record breaks every hash after it.
public struct AuditLog: Sendable {
    let sql: any SQLDatabase
    let dialect: Dialect

    public static let genesisHash = String(repeating: "0", count: 64)

    /// A stored audit record.
    public struct Record: Sendable, Equatable {
        public var sequence: Int64
        public var entry: AuditEntry
        public var previousHash: String
        public var hash: String
    }

    /// The outcome of walking the chain.
    public enum Verification: Sendable, Equatable {
        case intact(records: Int64)
        /// The first record whose hash or link does not match.
        case broken(sequence: Int64, reason: String)
    }

    /// The end of the chain that new records link to.
    public struct Head: Sendable {
        public var sequence: Int64
        public var hash: String
    }

    /// Reads the head; on PostgreSQL it stays locked until the commit, so writers of every node follow
    /// each other (SQLite's writer is exclusive already).
    public func lockHead() async throws -> Head {
        let lock: SQLQueryString = dialect == .postgres ? " FOR UPDATE" : ""
        guard let row = try await sql.raw("SELECT sequence, hash FROM audit_head WHERE id = 1\(lock)").first() else {
            throw AuditChainError.missingHead
        }
        return Head(sequence: try row.decode(column: "sequence", as: Int64.self), hash: try row.decode(column: "hash", as: String.self))
    }

    /// Chains `entries` after `head` and moves the head past them.
    func append(_ entries: [AuditEntry], after head: Head) async throws {
        guard !entries.isEmpty else { return }
        var sequence = head.sequence
        var previous = head.hash
        // 100 records (900 values) per statement stay well inside both databases' limits on parameters.
        for chunk in entries.chunked(into: 100) {
            let insert = sql.insert(into: "audit_log").columns("sequence", "at", "actor", "action", "object_type", "object_id", "state_digest", "previous_hash", "hash")
            for entry in chunk {
                sequence += 1
                let hash = Self.hash(sequence: sequence, entry: entry, previousHash: previous)
                insert.values(SQLBind(sequence), SQLBind(entry.at.microsecondsSince1970), SQLBind(entry.actor), SQLBind(entry.action),
                              SQLBind(entry.objectType), SQLBind(entry.objectID), SQLBind(entry.stateDigest), SQLBind(previous), SQLBind(hash))
                previous = hash
            }
            try await insert.run()
        }
        try await sql.raw("UPDATE audit_head SET sequence = \(bind: sequence), hash = \(bind: previous) WHERE id = 1").run()
    }

    /// SHA-256 over the record's fields, separated by a character that none of them contains.
    static func hash(sequence: Int64, entry: AuditEntry, previousHash: String) -> String {
        let fields = [String(sequence), String(entry.at.microsecondsSince1970), entry.actor, entry.action,
                      entry.objectType, entry.objectID, entry.stateDigest, previousHash]
        return SHA256.hash(data: Data(fields.joined(separator: "\u{1F}").utf8)).hex
    }

    /// Walks the whole chain in order, a page at a time.
    public func verify(pageSize: Int = 5000) async throws -> Verification {
        try await verify(pageSize: pageSize) { _, _ in }
    }

    /// Walks the chain and checks each checkpoint against it: signed with `publicKeyPEM` (the server's
    /// key, not the one a checkpoint names), and the chain still reaching the checkpoint's hash at its
    /// length. Answers what is wrong, in words, in the order of the chain; nothing when all holds.
    public func verify(checkpoints: [AuditCheckpoint], publicKeyPEM: String, pageSize: Int = 5000) async throws -> [String] {
        let lengths = Set(checkpoints.map(\.length))
        var reached: [Int64: String] = [0: Self.genesisHash]
        let chain = try await verify(pageSize: pageSize) { sequence, hash in
            if lengths.contains(sequence) { reached[sequence] = hash }
        }
        var findings: [String] = []
        if case .broken(let sequence, let reason) = chain { findings.append("Record \(sequence): \(reason).") }
        let stored = try await length()
        let key = try P256.Signing.PublicKey(pemRepresentation: publicKeyPEM)
        var lastGood: Int64 = 0
        for checkpoint in checkpoints {
            let text = AuditCheckpoint.signedText(length: checkpoint.length, headHash: checkpoint.headHash, at: checkpoint.at)
            let signature = try? P256.Signing.ECDSASignature(derRepresentation: checkpoint.signature)
            guard let signature, key.isValidSignature(signature, for: text) else {
                findings.append("Checkpoint of \(checkpoint.at) at record \(checkpoint.length): its signature does not verify with the server's key.")
                continue
            }
            switch reached[checkpoint.length] {
            case nil where stored < checkpoint.length:
                findings.append("Checkpoint of \(checkpoint.at): the chain no longer reaches record \(checkpoint.length); records were removed since.")
            case let hash where hash != checkpoint.headHash:
                findings.append("Checkpoint of \(checkpoint.at): the chain up to record \(checkpoint.length) is not what was signed; "
                                + "a record from \(lastGood + 1) to \(checkpoint.length) was changed, removed or reordered since.")
            default:
                lastGood = checkpoint.length
            }
        }
        return findings
    }

    /// Walks the chain, telling `visit` each verified record's sequence and hash.
    private func verify(pageSize: Int, visit: (Int64, String) -> Void) async throws -> Verification {
        var previous = Self.genesisHash
        var expected: Int64 = 1
        while true {
            let records = try await records(after: expected - 1, limit: pageSize)
            if records.isEmpty { break }
            for record in records {
                if record.sequence != expected {
                    return .broken(sequence: expected, reason: "record \(expected) is missing")
                }
                if record.previousHash != previous {
                    return .broken(sequence: record.sequence, reason: "its link to record \(record.sequence - 1) does not match")
                }
                if Self.hash(sequence: record.sequence, entry: record.entry, previousHash: record.previousHash) != record.hash {
                    return .broken(sequence: record.sequence, reason: "its content does not match its hash")
                }
                previous = record.hash
                visit(record.sequence, record.hash)
                expected += 1
            }
        }
        let head = try await sql.raw("SELECT sequence, hash FROM audit_head WHERE id = 1").first()
        if let head, try head.decode(column: "sequence", as: Int64.self) != expected - 1 || head.decode(column: "hash", as: String.self) != previous {
            return .broken(sequence: expected, reason: "records after \(expected - 1) are missing")
        }
        return .intact(records: expected - 1)
    }

    /// How many records are stored (the highest sequence).
    public func length() async throws -> Int64 {
        try await sql.raw("SELECT MAX(sequence) AS n FROM audit_log").first()?.decode(column: "n", as: Int64?.self) ?? 0
    }

    public func records(after sequence: Int64, limit: Int) async throws -> [Record] {
        try await sql.raw("""
            SELECT sequence, at, actor, action, object_type, object_id, state_digest, previous_hash, hash
            FROM audit_log WHERE sequence > \(bind: sequence) ORDER BY sequence LIMIT \(bind: limit)
            """).all().map(Self.record)
    }

    static func record(_ row: any SQLRow) throws -> Record {
        Record(
            sequence: try row.decode(column: "sequence", as: Int64.self),
            entry: AuditEntry(
                actor: try row.decode(column: "actor", as: String.self),
                action: try row.decode(column: "action", as: String.self),
                objectType: try row.decode(column: "object_type", as: String.self),
                objectID: try row.decode(column: "object_id", as: String.self),
                at: Date(microsecondsSince1970: try row.decode(column: "at", as: Int64.self)),
                stateDigest: try row.decode(column: "state_digest", as: String.self)),
            previousHash: try row.decode(column: "previous_hash", as: String.self),
            hash: try row.decode(column: "hash", as: String.self))
    }
}

enum AuditChainError: Error { case missingHead }

extension Digest {
    /// Lower-case hexadecimal.
    public var hex: String { Hex.encode(Array(self)) }
}

/// SHA-256 (hex) of a value's JSON with sorted keys: the "digest of the new state" an audit record carries.
public func stateDigest(of value: some Encodable) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    encoder.dateEncodingStrategy = .iso8601
    return SHA256.hash(data: try encoder.encode(value)).hex
}
