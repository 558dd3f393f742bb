extension Migration {
    /// When an assigned declaration was decided, kept with its assignment, so that an officer's open work
    /// is counted from the assignments alone (the count over declarations grew with every declaration ever assigned).
    static let m015OpenAssignments = Migration(version: 15, name: "open assignments", statements: [
        "ALTER TABLE assignments ADD COLUMN decided_at BIGINT",
        """
        UPDATE assignments SET decided_at = (SELECT d.updated_at FROM declarations AS d WHERE d.id = assignments.declaration_id)
        WHERE declaration_id IN (SELECT id FROM declarations WHERE status <> 'registered')
        """,
        "DROP INDEX assignments_officer",
        "CREATE INDEX assignments_officer ON assignments (officer, decided_at)",
    ])
}
