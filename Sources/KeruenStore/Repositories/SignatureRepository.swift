import Foundation
import KeruenCore
import SQLKit

/// Verified signatures kept with declarations, and the keys the server holds for officers who sign in the portal.
public struct SignatureRepository: Sendable {
    let sql: any SQLDatabase

    public func insert(_ signature: DeclarationSignature, declarationID: String) async throws {
        let reasons = signature.reasons.isEmpty ? nil : String(decoding: try JSONEncoder().encode(signature.reasons), as: UTF8.self)
        // A query string rather than SQLKit's insert builder, whose serialising cost about 60 µs a signature (perf).
        try await sql.raw("""
            INSERT INTO declaration_signatures (declaration_id, purpose, version, signature, certificate, signer_iin, signer_bin, signer_name,
              subject, issuer, serial_number, signing_time, verified_at, submitted_by, server_held_key, reasons)
            VALUES (\(bind: declarationID), \(bind: signature.purpose), \(bind: signature.version),
              \(bind: Data(signature.signature).base64EncodedString()), \(bind: Data(signature.certificate).base64EncodedString()),
              \(bind: signature.signer.iin), \(bind: signature.signer.bin), \(bind: signature.signer.commonName),
              \(bind: signature.subject), \(bind: signature.issuer), \(bind: signature.serialNumber),
              \(bind: signature.signingTime?.microsecondsSince1970), \(bind: signature.verifiedAt.microsecondsSince1970),
              \(bind: signature.submittedBy), \(bind: signature.serverHeldKey ? 1 : 0), \(bind: reasons))
            """).run()
    }

    /// Every signature of a declaration, oldest first.
    public func all(declarationID: String) async throws -> [DeclarationSignature] {
        try await sql.raw("""
            SELECT purpose, version, signature, certificate, signer_iin, signer_bin, signer_name, subject, issuer, serial_number,
                   signing_time, verified_at, submitted_by, server_held_key, reasons
            FROM declaration_signatures WHERE declaration_id = \(bind: declarationID) ORDER BY verified_at, purpose
            """).all().map(Self.signature)
    }

    /// The key and certificate (PEM) the server holds for an officer, if it made them.
    public func officerKey(username: String) async throws -> (privateKey: String, certificate: String)? {
        guard let row = try await sql.raw("SELECT private_key, certificate FROM officer_keys WHERE username = \(bind: username)").first() else {
            return nil
        }
        return (try row.decode(column: "private_key", as: String.self), try row.decode(column: "certificate", as: String.self))
    }

    public func insertOfficerKey(username: String, privateKey: String, certificate: String, at now: Date) async throws {
        try await sql.insert(into: "officer_keys").columns("username", "private_key", "certificate", "created_at")
            .values(SQLBind(username), SQLBind(privateKey), SQLBind(certificate), SQLBind(now.microsecondsSince1970)).run()
    }

    static func signature(_ row: any SQLRow) throws -> DeclarationSignature {
        func bytes(_ column: String) throws -> [UInt8] { Array(Data(base64Encoded: try row.decode(column: column, as: String.self)) ?? Data()) }
        return DeclarationSignature(
            purpose: try row.decode(column: "purpose", as: String.self),
            version: try row.decode(column: "version", as: Int.self),
            signature: try bytes("signature"), certificate: try bytes("certificate"),
            signer: SignerIdentity(iin: try row.decode(column: "signer_iin", as: String?.self), bin: try row.decode(column: "signer_bin", as: String?.self),
                                   commonName: try row.decode(column: "signer_name", as: String?.self)),
            subject: try row.decode(column: "subject", as: String.self), issuer: try row.decode(column: "issuer", as: String.self),
            serialNumber: try row.decode(column: "serial_number", as: String.self),
            signingTime: try row.decode(column: "signing_time", as: Int64?.self).map(Date.init(microsecondsSince1970:)),
            verifiedAt: Date(microsecondsSince1970: try row.decode(column: "verified_at", as: Int64.self)),
            submittedBy: try row.decode(column: "submitted_by", as: String.self),
            serverHeldKey: try row.decode(column: "server_held_key", as: Int.self) != 0,
            reasons: try row.decode(column: "reasons", as: String?.self).map { try JSONDecoder().decode([String].self, from: Data($0.utf8)) } ?? [])
    }
}
