import Crypto
import Foundation
import KeruenCore

/// A declaration together with its content encoded as stored (canonical JSON, RFC 8785; sorted-key
/// JSON in rows stored before) and the version at which that content was saved.
///
/// Why: the content (all the goods items) is most of a declaration, and encoding it was most of the
/// cost of a change. A change encodes it once and uses the same text for the stored row and the
/// audit digest; a status change reuses the text it read and writes no content at all.
public struct DeclarationDocument: Sendable, Equatable {
    /// Everything but `content` may be changed through `declaration`; a new content needs a new document.
    public var declaration: Declaration
    public let contentJSON: String
    /// Whether `contentJSON` is canonical JSON (every content stored since migration 4).
    public let contentIsCanonical: Bool
    /// The declaration version that saved this content; contents are kept per version, never rewritten.
    public let contentVersion: Int

    /// A document for new content, saved at the declaration's current version.
    public init(_ declaration: Declaration) throws {
        self.init(declaration: declaration, contentJSON: try Self.encode(declaration.content), contentVersion: declaration.version, canonical: true)
    }

    /// `encoded` is reused when it is the encoding of this declaration's content, which saves encoding it again.
    public init(_ declaration: Declaration, reusing encoded: (content: DeclarationContent, json: String)) throws {
        if encoded.content == declaration.content {
            self.init(declaration: declaration, contentJSON: encoded.json, contentVersion: declaration.version, canonical: true)
        } else {
            try self.init(declaration)
        }
    }

    init(declaration: Declaration, contentJSON: String, contentVersion: Int, canonical: Bool) {
        self.declaration = declaration
        self.contentJSON = contentJSON
        self.contentVersion = contentVersion
        self.contentIsCanonical = canonical
    }

    /// What a declarant signs to submit this document: its stored text with the id and version around
    /// it, or the content encoded afresh for a row stored before contents were canonical.
    public func signingPayload() throws -> SigningPayload {
        guard contentIsCanonical else { return try SigningPayload(declaration) }
        return SigningPayload(declarationID: declaration.id, version: declaration.version, canonicalContent: contentJSON.utf8)
    }

    public static func encode(_ content: DeclarationContent) throws -> String {
        let text = String(decoding: try CanonicalJSON.encoded(content), as: UTF8.self)
        DecodedContents.shared.remember(content, as: text)
        return text
    }

    /// The content that `encode` stored.
    static func decode(_ contentJSON: String) throws -> DeclarationContent {
        if let content = DecodedContents.shared.content(for: contentJSON) { return content }
        let content = try JSONDecoder().decode(DeclarationContent.self, from: Data(contentJSON.utf8))
        DecodedContents.shared.remember(content, as: contentJSON)
        return content
    }

    /// SHA-256 over the header (``reference()``) and the stored content text: the digest of the new
    /// state that an audit record carries.
    public func stateDigest() throws -> String {
        var hash = SHA256()
        hash.update(data: Data(try reference().utf8))
        hash.update(data: Data(contentJSON.utf8))
        return hash.finalize().hex
    }

    /// The declaration's header and content version as text: enough to read the same document back
    /// (``DeclarationRepository/document(reference:)``), since contents are never rewritten.
    public func reference() throws -> String {
        String(decoding: try Self.encoder.encode(DeclarationReference(declaration: declaration, contentVersion: contentVersion)), as: UTF8.self)
    }

    /// For the header: sorted keys make the text the same for the same declaration; dates are seconds
    /// as a number, so that they read back exactly.
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()
}

/// Everything of a declaration but its content, and which content version goes with it.
struct DeclarationReference: Codable {
    var id: String
    var version: Int
    var status: DeclarationStatus
    var registrationNumber: RegistrationNumber?
    var rejectionProblems: [ValidationProblem]
    var createdBy: String
    var createdAt: Date
    var updatedAt: Date
    var registeredAt: Date?
    var contentVersion: Int

    init(declaration d: Declaration, contentVersion: Int) {
        (id, version, status, registrationNumber, rejectionProblems) = (d.id, d.version, d.status, d.registrationNumber, d.rejectionProblems)
        (createdBy, createdAt, updatedAt, registeredAt) = (d.createdBy, d.createdAt, d.updatedAt, d.registeredAt)
        self.contentVersion = contentVersion
    }

    func declaration(content: DeclarationContent) -> Declaration {
        Declaration(id: id, version: version, status: status, content: content, registrationNumber: registrationNumber,
                    rejectionProblems: rejectionProblems, createdBy: createdBy, createdAt: createdAt, updatedAt: updatedAt,
                    registeredAt: registeredAt)
    }
}
