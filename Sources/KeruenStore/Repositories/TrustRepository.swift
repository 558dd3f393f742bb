import Foundation
import KeruenCore
import SQLKit

/// What signature verification trusts: certification authorities' root certificates, their
/// revocation lists, and each office's policy on whether a submission must be signed.
public struct TrustRepository: Sendable {
    let sql: any SQLDatabase

    /// A stored certificate or revocation list with what the administrator sees of it.
    public struct Entry: Sendable, Equatable {
        public var fingerprint: String
        /// The certificate's subject or the list's issuer.
        public var name: String
        /// Validity of a certificate; this and next update of a list.
        public var from: Date
        public var until: Date?
        /// Revoked certificates on a list; 0 for a certificate.
        public var revokedCount: Int
        public var der: [UInt8]
        public var addedAt: Date
        public var addedBy: String

        public init(fingerprint: String, name: String, from: Date, until: Date?, revokedCount: Int = 0, der: [UInt8], addedAt: Date, addedBy: String) {
            self.fingerprint = fingerprint
            self.name = name
            self.from = from
            self.until = until
            self.revokedCount = revokedCount
            self.der = der
            self.addedAt = addedAt
            self.addedBy = addedBy
        }
    }

    /// Adds an anchor; false if it is there already.
    public func addAnchor(_ entry: Entry) async throws -> Bool {
        try await sql.raw("""
            INSERT INTO trust_anchors (fingerprint, subject, not_before, not_after, der, added_at, added_by)
            VALUES (\(bind: entry.fingerprint), \(bind: entry.name), \(bind: entry.from.microsecondsSince1970),
                    \(bind: (entry.until ?? entry.from).microsecondsSince1970), \(bind: Data(entry.der).base64EncodedString()),
                    \(bind: entry.addedAt.microsecondsSince1970), \(bind: entry.addedBy))
            ON CONFLICT (fingerprint) DO NOTHING RETURNING fingerprint
            """).first() != nil
    }

    /// Removes an anchor; false if there was none with this fingerprint.
    public func removeAnchor(fingerprint: String) async throws -> Bool {
        try await sql.raw("DELETE FROM trust_anchors WHERE fingerprint = \(bind: fingerprint) RETURNING fingerprint").first() != nil
    }

    public func anchors() async throws -> [Entry] {
        try await sql.raw("SELECT fingerprint, subject AS name, not_before AS valid_from, not_after AS valid_until, 0 AS revoked_count, der, added_at, added_by FROM trust_anchors ORDER BY subject")
            .all().map(Self.entry)
    }

    /// Adds a revocation list; false if it is there already.
    public func addRevocationList(_ entry: Entry) async throws -> Bool {
        try await sql.raw("""
            INSERT INTO revocation_lists (fingerprint, issuer, this_update, next_update, revoked_count, der, added_at, added_by)
            VALUES (\(bind: entry.fingerprint), \(bind: entry.name), \(bind: entry.from.microsecondsSince1970),
                    \(bind: entry.until?.microsecondsSince1970), \(bind: entry.revokedCount), \(bind: Data(entry.der).base64EncodedString()),
                    \(bind: entry.addedAt.microsecondsSince1970), \(bind: entry.addedBy))
            ON CONFLICT (fingerprint) DO NOTHING RETURNING fingerprint
            """).first() != nil
    }

    public func revocationLists() async throws -> [Entry] {
        try await sql.raw("SELECT fingerprint, issuer AS name, this_update AS valid_from, next_update AS valid_until, revoked_count, der, added_at, added_by FROM revocation_lists ORDER BY issuer, this_update")
            .all().map(Self.entry)
    }

    /// Sets whether submissions at `officeCode` must be signed.
    public func setSignatureRequired(_ required: Bool, officeCode: String, at now: Date, by actor: String) async throws {
        try await sql.raw("""
            INSERT INTO office_policies (office_code, signature_required, updated_at, updated_by)
            VALUES (\(bind: officeCode), \(bind: required ? 1 : 0), \(bind: now.microsecondsSince1970), \(bind: actor))
            ON CONFLICT (office_code) DO UPDATE SET signature_required = EXCLUDED.signature_required,
                updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by
            """).run()
    }

    /// The offices whose policy is set, with whether they require a signature; the others require one.
    public func signaturePolicies() async throws -> [String: Bool] {
        var policies: [String: Bool] = [:]
        for row in try await sql.raw("SELECT office_code, signature_required FROM office_policies").all() {
            policies[try row.decode(column: "office_code", as: String.self)] = try row.decode(column: "signature_required", as: Int.self) != 0
        }
        return policies
    }

    static func entry(_ row: any SQLRow) throws -> Entry {
        Entry(fingerprint: try row.decode(column: "fingerprint", as: String.self),
              name: try row.decode(column: "name", as: String.self),
              from: Date(microsecondsSince1970: try row.decode(column: "valid_from", as: Int64.self)),
              until: try row.decode(column: "valid_until", as: Int64?.self).map(Date.init(microsecondsSince1970:)),
              revokedCount: try row.decode(column: "revoked_count", as: Int.self),
              der: Array(Data(base64Encoded: try row.decode(column: "der", as: String.self)) ?? Data()),
              addedAt: Date(microsecondsSince1970: try row.decode(column: "added_at", as: Int64.self)),
              addedBy: try row.decode(column: "added_by", as: String.self))
    }
}
