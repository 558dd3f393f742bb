extension Migration {
    /// Documentary and physical control: examinations ordered and their results, requests for documents
    /// and the declarants' answers, the files attached to either (kept once under the SHA-256 of their
    /// bytes, in base64 like every binary here), and the companies officers are registered as connected to.
    static let m013Control = Migration(version: 13, name: "control", statements: [
        """
        CREATE TABLE examinations (
            id TEXT PRIMARY KEY,
            declaration_id TEXT NOT NULL REFERENCES declarations(id),
            type TEXT NOT NULL,
            scope TEXT NOT NULL,
            place TEXT NOT NULL,
            examiner TEXT NOT NULL,
            ordered_by TEXT NOT NULL,
            ordered_at BIGINT NOT NULL,
            result TEXT
        )
        """,
        "CREATE INDEX examinations_declaration ON examinations (declaration_id)",
        """
        CREATE TABLE document_requests (
            id TEXT PRIMARY KEY,
            declaration_id TEXT NOT NULL REFERENCES declarations(id),
            text TEXT NOT NULL,
            requested_by TEXT NOT NULL,
            requested_at BIGINT NOT NULL,
            answer TEXT
        )
        """,
        "CREATE INDEX document_requests_declaration ON document_requests (declaration_id)",
        """
        CREATE TABLE attachments (
            sha256 TEXT PRIMARY KEY,
            media_type TEXT NOT NULL,
            size BIGINT NOT NULL,
            file_name TEXT NOT NULL,
            content TEXT NOT NULL,
            uploaded_by TEXT NOT NULL,
            uploaded_at BIGINT NOT NULL
        )
        """,
        """
        CREATE TABLE officer_connections (
            username TEXT NOT NULL,
            company_bin TEXT NOT NULL,
            note TEXT NOT NULL,
            created_by TEXT NOT NULL,
            created_at BIGINT NOT NULL,
            PRIMARY KEY (username, company_bin)
        )
        """,
    ])
}
