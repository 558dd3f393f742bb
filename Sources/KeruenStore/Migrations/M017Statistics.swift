extension Migration {
    /// Foreign-trade statistics: a record per goods item of a released import or export declaration, and
    /// the cells summed from them (kept up to date with each release or correction, rebuilt on demand);
    /// partners' own figures for mirror statistics; indexes for the daily report.
    static let m017Statistics = Migration(version: 17, name: "statistics", statements: [
        """
        CREATE TABLE trade_records (
            declaration_id TEXT NOT NULL,
            item INTEGER NOT NULL,
            period TEXT NOT NULL,
            flow TEXT NOT NULL,
            partner TEXT NOT NULL,
            code TEXT NOT NULL,
            procedure TEXT NOT NULL,
            office TEXT NOT NULL,
            transport TEXT NOT NULL,
            declarant TEXT NOT NULL,
            value_tiyn BIGINT NOT NULL,
            value_usd_cents BIGINT NOT NULL,
            net_mass_grams BIGINT NOT NULL,
            supplementary_thousandths BIGINT NOT NULL,
            PRIMARY KEY (declaration_id, item)
        )
        """,
        """
        CREATE TABLE trade_cells (
            period TEXT NOT NULL,
            flow TEXT NOT NULL,
            partner TEXT NOT NULL,
            code TEXT NOT NULL,
            procedure TEXT NOT NULL,
            office TEXT NOT NULL,
            transport TEXT NOT NULL,
            declarant TEXT NOT NULL,
            items BIGINT NOT NULL,
            value_tiyn BIGINT NOT NULL,
            value_usd_cents BIGINT NOT NULL,
            net_mass_grams BIGINT NOT NULL,
            supplementary_thousandths BIGINT NOT NULL,
            PRIMARY KEY (period, flow, partner, code, procedure, office, transport, declarant)
        )
        """,
        """
        CREATE TABLE partner_trade (
            reporter TEXT NOT NULL,
            partner TEXT NOT NULL,
            period TEXT NOT NULL,
            flow TEXT NOT NULL,
            code TEXT NOT NULL,
            value_usd_cents BIGINT NOT NULL,
            net_mass_grams BIGINT,
            imported_at BIGINT NOT NULL,
            PRIMARY KEY (reporter, partner, flow, period, code)
        )
        """,
        // The daily report reads a day's releases and refusals, and its receipts.
        "CREATE INDEX declaration_events_status ON declaration_events (status, at)",
        "CREATE INDEX receipts_issued ON receipts (issued_at)",
    ])
}
