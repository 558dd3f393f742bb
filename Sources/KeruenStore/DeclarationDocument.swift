import Crypto
import Foundation
import KeruenCore

/// A declaration together with its content encoded as stored: JSON with sorted keys.
///
/// Why: the content (all the goods items) is most of a declaration, and encoding it was most of the
/// cost of a change. A change encodes it once and uses the same text for the stored row, the audit
/// digest and the idempotency answer; a status change reuses the text it read.
public struct DeclarationDocument: Sendable, Equatable {
    /// Everything but `content` may be changed through `declaration`; a new content needs a new document.
    public var declaration: Declaration
    public let contentJSON: String

    public init(_ declaration: Declaration) throws {
        self.init(declaration: declaration, contentJSON: try Self.encode(declaration.content))
    }

    /// `encoded` is reused when it is the encoding of this declaration's content, which saves encoding it again.
    public init(_ declaration: Declaration, reusing encoded: (content: DeclarationContent, json: String)) throws {
        if encoded.content == declaration.content {
            self.init(declaration: declaration, contentJSON: encoded.json)
        } else {
            try self.init(declaration)
        }
    }

    init(declaration: Declaration, contentJSON: String) {
        self.declaration = declaration
        self.contentJSON = contentJSON
    }

    public static func encode(_ content: DeclarationContent) throws -> String {
        String(decoding: try contentEncoder.encode(content), as: UTF8.self)
    }

    /// The whole declaration as JSON, `{"content":…,"header":…}`, with the stored content text spliced in.
    public func json() throws -> String {
        var header = declaration
        header.content = DeclarationContent()
        return #"{"content":"# + contentJSON + #","header":"# + String(decoding: try Self.headerEncoder.encode(header), as: UTF8.self) + "}"
    }

    public init(json: String) throws {
        let parts = try JSONDecoder().decode(Parts.self, from: Data(json.utf8))
        var declaration = parts.header
        declaration.content = parts.content
        self.init(declaration: declaration, contentJSON: try Self.encode(parts.content))
    }

    /// SHA-256 of `json()`: the digest of the new state that an audit record carries.
    public func stateDigest() throws -> String {
        SHA256.hash(data: Data(try json().utf8)).hex
    }

    private struct Parts: Decodable {
        var content: DeclarationContent
        var header: Declaration
    }

    static let contentEncoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    /// Default date strategy (seconds as a number), so that an idempotency answer decodes to the same times.
    private static let headerEncoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()
}
