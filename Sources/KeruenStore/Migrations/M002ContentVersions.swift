extension Migration {
    /// Declaration content moves to a table of its own, one row per content version, never rewritten.
    ///
    /// Why: a status change (submit, registration) used to rewrite the whole row with its content, and
    /// an idempotency answer carried the content again. Now a status change writes a small row, an
    /// answer refers to its content version, and every version a declarant saved stays readable.
    static let m002ContentVersions = Migration(version: 2, name: "content versions", statements: [
        """
        CREATE TABLE declaration_contents (
            declaration_id TEXT NOT NULL REFERENCES declarations(id),
            version INTEGER NOT NULL,
            content TEXT NOT NULL,
            PRIMARY KEY (declaration_id, version)
        )
        """,
        "ALTER TABLE declarations ADD COLUMN content_version INTEGER NOT NULL DEFAULT 1",
        "UPDATE declarations SET content_version = version",
        "INSERT INTO declaration_contents (declaration_id, version, content) SELECT id, version, content FROM declarations",
        "ALTER TABLE declarations DROP COLUMN content",
    ])
}
