extension Migration {
    /// Advance accounts (the balance may never go below zero: the database refuses it too), their
    /// movements, and customs receipts for what was paid against invoices.
    static let m006AdvanceAccounts = Migration(version: 6, name: "advance accounts", statements: [
        """
        CREATE TABLE advance_accounts (
            company_bin TEXT PRIMARY KEY,
            balance_tiyn BIGINT NOT NULL CHECK (balance_tiyn >= 0)
        )
        """,
        """
        CREATE TABLE account_movements (
            id TEXT PRIMARY KEY,
            company_bin TEXT NOT NULL,
            kind TEXT NOT NULL,
            amount_tiyn BIGINT NOT NULL CHECK (amount_tiyn > 0),
            balance_after_tiyn BIGINT NOT NULL CHECK (balance_after_tiyn >= 0),
            invoice_id TEXT REFERENCES invoices(id),
            reference TEXT NOT NULL,
            at BIGINT NOT NULL,
            actor TEXT NOT NULL
        )
        """,
        "CREATE INDEX account_movements_company ON account_movements (company_bin, at)",
        """
        CREATE TABLE receipts (
            id TEXT PRIMARY KEY,
            number TEXT NOT NULL UNIQUE,
            invoice_id TEXT NOT NULL REFERENCES invoices(id),
            payer_bin TEXT NOT NULL,
            amount_tiyn BIGINT NOT NULL,
            method TEXT NOT NULL,
            issued_at BIGINT NOT NULL,
            issued_by TEXT NOT NULL
        )
        """,
        "CREATE INDEX receipts_invoice ON receipts (invoice_id)",
    ])
}
