extension Migration {
    /// Guarantees that secure invoices instead of payment, with what each has reserved (never more
    /// than its amount: the database refuses it too), and which invoice each reservation secures.
    static let m007Guarantees = Migration(version: 7, name: "guarantees", statements: [
        """
        CREATE TABLE guarantees (
            id TEXT PRIMARY KEY,
            company_bin TEXT NOT NULL,
            kind TEXT NOT NULL,
            number TEXT NOT NULL,
            amount_tiyn BIGINT NOT NULL CHECK (amount_tiyn > 0),
            reserved_tiyn BIGINT NOT NULL DEFAULT 0 CHECK (reserved_tiyn >= 0 AND reserved_tiyn <= amount_tiyn),
            valid_from TEXT NOT NULL,
            valid_to TEXT NOT NULL,
            declaration_id TEXT,
            created_at BIGINT NOT NULL,
            created_by TEXT NOT NULL
        )
        """,
        "CREATE INDEX guarantees_company ON guarantees (company_bin)",
        """
        CREATE TABLE invoice_securities (
            invoice_id TEXT NOT NULL REFERENCES invoices(id),
            guarantee_id TEXT NOT NULL REFERENCES guarantees(id),
            amount_tiyn BIGINT NOT NULL,
            secured_at BIGINT NOT NULL,
            released_at BIGINT,
            PRIMARY KEY (invoice_id, guarantee_id, secured_at)
        )
        """,
        "ALTER TABLE invoices ADD COLUMN secured_tiyn BIGINT NOT NULL DEFAULT 0",
    ])
}
