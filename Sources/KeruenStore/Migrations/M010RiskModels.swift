extension Migration {
    /// Learned risk models: each training's model and its report on held-out controls; the newest scores registrations.
    static let m010RiskModels = Migration(version: 10, name: "risk models", statements: [
        """
        CREATE TABLE risk_models (
            id TEXT PRIMARY KEY,
            created_at BIGINT NOT NULL,
            created_by TEXT NOT NULL,
            model TEXT NOT NULL,
            report TEXT NOT NULL
        )
        """,
    ])
}
