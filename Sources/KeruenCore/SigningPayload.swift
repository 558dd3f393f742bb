import Foundation

/// The exact bytes a declarant signs to submit a draft: the declaration's id, version and content as
/// canonical JSON (RFC 8785). The server computes the same bytes again when it verifies, so any change
/// to the declaration after signing, even a new version with the same content, breaks the signature.
public struct SigningPayload: Sendable, Equatable {
    public let bytes: [UInt8]

    /// What the bytes say they are, so that a signature over them cannot be passed off as consent to anything else.
    public static let purpose = "keruen.declaration.submit"

    public init(declarationID: String, version: Int, content: DeclarationContent) throws {
        self.init(declarationID: declarationID, version: version, canonicalContent: try CanonicalJSON.encoded(content))
    }

    /// The payload around content already in canonical JSON (as stored contents are): no encoding at all.
    public init(declarationID: String, version: Int, canonicalContent: some Collection<UInt8>) {
        let others = CanonicalJSON.object([
            "purpose": .string(Self.purpose),
            "declarationId": .string(declarationID),
            "version": .number(Double(version)),
        ]).bytes
        // "content" sorts before the other names, so it opens the object.
        bytes = Array(#"{"content":"#.utf8) + canonicalContent + [UInt8(ascii: ",")] + others.dropFirst()
    }

    public init(_ declaration: Declaration) throws {
        try self.init(declarationID: declaration.id, version: declaration.version, content: declaration.content)
    }

    /// The payload an officer signs for a decision on a registered declaration.
    public init(decision: String, declarationID: String, registrationNumber: String, version: Int, reasons: [String]) {
        bytes = CanonicalJSON.object([
            "purpose": .string("keruen.declaration.\(decision)"),
            "declarationId": .string(declarationID),
            "registrationNumber": .string(registrationNumber),
            "version": .number(Double(version)),
            "reasons": .array(reasons.map(CanonicalJSON.string)),
        ]).bytes
    }
}
