extension Migration {
    /// The trade figures are answered from the cells held in memory (``TradeCube``), so the summaries of
    /// migration 18 and the cells' partner and code indexes go. Each month of cells now has a version, raised
    /// by every change to its cells, which the changed cells carry, so that a node's cube reads only what changed;
    /// `reloaded` is the version at which all of a month's cells were summed again (a rebuild).
    static let m019TradeCube = Migration(version: 19, name: "trade cube", statements: [
        "DROP TABLE trade_summaries",
        "DROP TABLE trade_summary_declarants",
        "DROP TABLE trade_stale_periods",
        "DROP INDEX IF EXISTS trade_cells_partner",
        "DROP INDEX IF EXISTS trade_cells_code",
        "ALTER TABLE trade_cells ADD COLUMN version BIGINT NOT NULL DEFAULT 0",
        "CREATE INDEX trade_cells_version ON trade_cells (period, version)",
        """
        CREATE TABLE trade_months (
            period TEXT PRIMARY KEY,
            version BIGINT NOT NULL,
            reloaded BIGINT NOT NULL
        )
        """,
        "INSERT INTO trade_months (period, version, reloaded) SELECT DISTINCT period, 1, 1 FROM trade_cells",
    ])
}
