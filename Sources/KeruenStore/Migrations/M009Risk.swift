extension Migration {
    /// Risk management: profiles (every version, the whole profile as JSON beside the columns queries
    /// use), the selectivity result of each registered declaration and the profiles that fired on it
    /// (for each profile's effectiveness), officers' control results, each declarant's record, and the
    /// settings of the random selection.
    static let m009Risk = Migration(version: 9, name: "risk", statements: [
        """
        CREATE TABLE risk_profiles (
            id TEXT NOT NULL,
            version INTEGER NOT NULL,
            status TEXT NOT NULL,
            author TEXT NOT NULL,
            profile TEXT NOT NULL,
            created_at BIGINT NOT NULL,
            PRIMARY KEY (id, version)
        )
        """,
        "CREATE INDEX risk_profiles_status ON risk_profiles (status)",
        """
        CREATE TABLE risk_results (
            declaration_id TEXT PRIMARY KEY REFERENCES declarations(id),
            channel TEXT NOT NULL,
            random INTEGER NOT NULL,
            office_code TEXT,
            declarant_bin TEXT,
            result TEXT NOT NULL,
            assessed_at BIGINT NOT NULL
        )
        """,
        """
        CREATE TABLE risk_hits (
            declaration_id TEXT NOT NULL REFERENCES declarations(id),
            profile_id TEXT NOT NULL,
            profile_version INTEGER NOT NULL,
            channel TEXT NOT NULL,
            decisive INTEGER NOT NULL,
            assessed_at BIGINT NOT NULL,
            PRIMARY KEY (declaration_id, profile_id)
        )
        """,
        "CREATE INDEX risk_hits_profile ON risk_hits (profile_id, assessed_at)",
        """
        CREATE TABLE control_results (
            declaration_id TEXT PRIMARY KEY REFERENCES declarations(id),
            outcome TEXT NOT NULL,
            violation_kind TEXT,
            additional_tiyn BIGINT NOT NULL DEFAULT 0 CHECK (additional_tiyn >= 0),
            note TEXT NOT NULL,
            officer TEXT NOT NULL,
            recorded_at BIGINT NOT NULL
        )
        """,
        """
        CREATE TABLE compliance_records (
            bin TEXT PRIMARY KEY,
            registered INTEGER NOT NULL DEFAULT 0,
            controls INTEGER NOT NULL DEFAULT 0,
            violations INTEGER NOT NULL DEFAULT 0
        )
        """,
        """
        CREATE TABLE risk_settings (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            settings TEXT NOT NULL,
            updated_at BIGINT NOT NULL,
            updated_by TEXT NOT NULL
        )
        """,
    ])
}
