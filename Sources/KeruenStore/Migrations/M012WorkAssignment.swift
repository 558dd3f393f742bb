extension Migration {
    /// Clearance work: officers' shifts at their posts, and which officer a declaration in control is
    /// assigned to (the history of assignments is in the audit log).
    static let m012WorkAssignment = Migration(version: 12, name: "work assignment", statements: [
        """
        CREATE TABLE officer_shifts (
            id TEXT PRIMARY KEY,
            officer TEXT NOT NULL,
            office_code TEXT NOT NULL,
            starts_at BIGINT NOT NULL,
            ends_at BIGINT NOT NULL,
            created_by TEXT NOT NULL,
            created_at BIGINT NOT NULL
        )
        """,
        "CREATE INDEX officer_shifts_office ON officer_shifts (office_code, ends_at)",
        """
        CREATE TABLE assignments (
            declaration_id TEXT PRIMARY KEY REFERENCES declarations(id),
            officer TEXT NOT NULL,
            assigned_at BIGINT NOT NULL,
            assigned_by TEXT NOT NULL,
            reason TEXT
        )
        """,
        "CREATE INDEX assignments_officer ON assignments (officer)",
    ])
}
