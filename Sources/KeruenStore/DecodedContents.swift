import KeruenCore
import Synchronization

/// Declaration contents already decoded, by their stored text.
///
/// Why: a submit reads back the content its create has just encoded, and decoding ten goods items
/// cost about 5 % of the server's CPU under load. Keyed by the text itself, an entry can never be
/// stale: the same text always decodes to the same content, whichever declaration or version it is.
final class DecodedContents: Sendable {
    static let shared = DecodedContents()

    /// About 10 MB of ten-item declarations; the whole cache is dropped when it is full.
    static let capacity = 2000

    private let contents = Mutex<[String: DeclarationContent]>([:])

    func content(for text: String) -> DeclarationContent? {
        contents.withLock { $0[text] }
    }

    func remember(_ content: DeclarationContent, as text: String) {
        contents.withLock { contents in
            if contents.count >= Self.capacity { contents.removeAll(keepingCapacity: true) }
            contents[text] = content
        }
    }
}
