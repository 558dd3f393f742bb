extension Migration {
    /// Payments: the National Bank's rates per day, the tariff records (columns as in a tariff file),
    /// and each registered declaration's single invoice with its lines. Amounts are whole tiyn.
    static let m005Payments = Migration(version: 5, name: "payments", statements: [
        """
        CREATE TABLE exchange_rates (
            currency TEXT NOT NULL,
            day TEXT NOT NULL,
            price TEXT NOT NULL,
            quant INTEGER NOT NULL,
            imported_at BIGINT NOT NULL,
            imported_by TEXT NOT NULL,
            PRIMARY KEY (currency, day)
        )
        """,
        """
        CREATE TABLE tariff_records (
            id TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            code TEXT NOT NULL,
            valid_from TEXT NOT NULL,
            valid_to TEXT,
            origins TEXT,
            rate TEXT,
            percent TEXT,
            amount TEXT,
            currency TEXT,
            unit TEXT,
            combination TEXT,
            percent_of_duty TEXT,
            payment_code TEXT NOT NULL,
            note TEXT,
            updated_at BIGINT NOT NULL,
            updated_by TEXT NOT NULL
        )
        """,
        """
        CREATE TABLE invoices (
            id TEXT PRIMARY KEY,
            declaration_id TEXT NOT NULL REFERENCES declarations(id),
            reference TEXT NOT NULL UNIQUE,
            declarant_bin TEXT,
            day TEXT NOT NULL,
            customs_value_tiyn BIGINT NOT NULL,
            total_tiyn BIGINT NOT NULL,
            paid_tiyn BIGINT NOT NULL DEFAULT 0,
            created_at BIGINT NOT NULL
        )
        """,
        "CREATE INDEX invoices_declaration ON invoices (declaration_id)",
        """
        CREATE TABLE invoice_lines (
            invoice_id TEXT NOT NULL REFERENCES invoices(id),
            line INTEGER NOT NULL,
            code TEXT NOT NULL,
            item INTEGER,
            base_tiyn BIGINT NOT NULL,
            quantity TEXT,
            rate TEXT NOT NULL,
            amount_tiyn BIGINT NOT NULL,
            rule TEXT NOT NULL,
            record TEXT NOT NULL,
            preference TEXT,
            preference_percent TEXT,
            PRIMARY KEY (invoice_id, line)
        )
        """,
    ])
}
