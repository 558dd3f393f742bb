extension Migration {
    /// Electronic signatures: the administrators' trust anchors and revocation lists, the offices'
    /// signature policy, the verified signatures kept with declarations, officers' server-held keys
    /// and the signed checkpoints of the audit chain. Certificates, lists and signatures are DER in base64.
    static let m003Signatures = Migration(version: 3, name: "signatures", statements: [
        """
        CREATE TABLE trust_anchors (
            fingerprint TEXT PRIMARY KEY,
            subject TEXT NOT NULL,
            not_before BIGINT NOT NULL,
            not_after BIGINT NOT NULL,
            der TEXT NOT NULL,
            added_at BIGINT NOT NULL,
            added_by TEXT NOT NULL
        )
        """,
        """
        CREATE TABLE revocation_lists (
            fingerprint TEXT PRIMARY KEY,
            issuer TEXT NOT NULL,
            this_update BIGINT NOT NULL,
            next_update BIGINT,
            revoked_count INTEGER NOT NULL,
            der TEXT NOT NULL,
            added_at BIGINT NOT NULL,
            added_by TEXT NOT NULL
        )
        """,
        """
        CREATE TABLE office_policies (
            office_code TEXT PRIMARY KEY,
            signature_required INTEGER NOT NULL,
            updated_at BIGINT NOT NULL,
            updated_by TEXT NOT NULL
        )
        """,
        """
        CREATE TABLE declaration_signatures (
            declaration_id TEXT NOT NULL REFERENCES declarations(id),
            purpose TEXT NOT NULL,
            version INTEGER NOT NULL,
            signature TEXT NOT NULL,
            certificate TEXT NOT NULL,
            signer_iin TEXT,
            signer_bin TEXT,
            signer_name TEXT,
            subject TEXT NOT NULL,
            issuer TEXT NOT NULL,
            serial_number TEXT NOT NULL,
            signing_time BIGINT,
            verified_at BIGINT NOT NULL,
            submitted_by TEXT NOT NULL,
            server_held_key INTEGER NOT NULL,
            reasons TEXT,
            PRIMARY KEY (declaration_id, purpose, version)
        )
        """,
        """
        CREATE TABLE officer_keys (
            username TEXT PRIMARY KEY,
            private_key TEXT NOT NULL,
            certificate TEXT NOT NULL,
            created_at BIGINT NOT NULL
        )
        """,
        """
        CREATE TABLE audit_checkpoints (
            length BIGINT PRIMARY KEY,
            head_hash TEXT NOT NULL,
            at BIGINT NOT NULL,
            signature TEXT NOT NULL,
            public_key TEXT NOT NULL
        )
        """,
    ])
}
