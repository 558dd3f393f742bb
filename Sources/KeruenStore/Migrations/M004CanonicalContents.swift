extension Migration {
    /// Contents are now stored as canonical JSON (RFC 8785), the form a declarant signs; rows stored
    /// before keep their text (audit digests cover it) and say so, so their signing payload is encoded
    /// afresh while a new row's is its stored text with the id and version around it.
    static let m004CanonicalContents = Migration(version: 4, name: "canonical contents", statements: [
        "ALTER TABLE declaration_contents ADD COLUMN content_format TEXT NOT NULL DEFAULT 'sorted-json'",
    ])
}
