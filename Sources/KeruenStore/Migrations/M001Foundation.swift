extension Migration {
    /// Companies, people, users and sessions; declarations with their items, status history and
    /// registration counters; the audit chain and idempotency keys.
    static let m001Foundation = Migration(version: 1, name: "foundation", statements: [
        """
        CREATE TABLE companies (
            bin TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            address TEXT NOT NULL,
            aeo_status TEXT NOT NULL,
            created_at BIGINT NOT NULL
        )
        """,
        """
        CREATE TABLE people (
            iin TEXT PRIMARY KEY,
            full_name TEXT NOT NULL,
            created_at BIGINT NOT NULL
        )
        """,
        """
        CREATE TABLE users (
            id TEXT PRIMARY KEY,
            username TEXT NOT NULL UNIQUE,
            password_hash TEXT NOT NULL,
            display_name TEXT NOT NULL,
            iin TEXT REFERENCES people(iin),
            roles TEXT NOT NULL,
            company_bin TEXT REFERENCES companies(bin),
            office_code TEXT,
            language TEXT NOT NULL,
            disabled INTEGER NOT NULL DEFAULT 0,
            failed_sign_ins INTEGER NOT NULL DEFAULT 0,
            last_failed_at BIGINT,
            created_at BIGINT NOT NULL
        )
        """,
        """
        CREATE TABLE representations (
            broker_bin TEXT NOT NULL REFERENCES companies(bin),
            declarant_bin TEXT NOT NULL REFERENCES companies(bin),
            contract_number TEXT NOT NULL,
            valid_from TEXT NOT NULL,
            valid_to TEXT,
            created_at BIGINT NOT NULL,
            PRIMARY KEY (broker_bin, declarant_bin, contract_number)
        )
        """,
        """
        CREATE TABLE auth_tokens (
            token_hash TEXT PRIMARY KEY,
            user_id TEXT NOT NULL REFERENCES users(id),
            kind TEXT NOT NULL,
            csrf_token TEXT,
            language TEXT,
            created_at BIGINT NOT NULL,
            expires_at BIGINT NOT NULL,
            revoked_at BIGINT
        )
        """,
        "CREATE INDEX auth_tokens_user ON auth_tokens (user_id)",
        """
        CREATE TABLE declarations (
            id TEXT PRIMARY KEY,
            version INTEGER NOT NULL,
            status TEXT NOT NULL,
            kind TEXT,
            procedure_code TEXT,
            office_code TEXT,
            declarant_bin TEXT,
            declarant_name TEXT,
            representative_bin TEXT,
            invoice_currency TEXT,
            invoice_total TEXT,
            item_count INTEGER NOT NULL,
            registration_number TEXT UNIQUE,
            registered_at BIGINT,
            created_by TEXT NOT NULL,
            created_at BIGINT NOT NULL,
            updated_at BIGINT NOT NULL,
            content TEXT NOT NULL,
            rejection TEXT
        )
        """,
        "CREATE INDEX declarations_declarant ON declarations (declarant_bin, id)",
        "CREATE INDEX declarations_representative ON declarations (representative_bin, id)",
        "CREATE INDEX declarations_office ON declarations (office_code, id)",
        "CREATE INDEX declarations_status ON declarations (status, id)",
        "CREATE INDEX declarations_registered ON declarations (registered_at)",
        """
        CREATE TABLE declaration_items (
            declaration_id TEXT NOT NULL REFERENCES declarations(id),
            line_number INTEGER NOT NULL,
            commodity_code TEXT,
            PRIMARY KEY (declaration_id, line_number)
        )
        """,
        "CREATE INDEX declaration_items_commodity ON declaration_items (commodity_code)",
        """
        CREATE TABLE declaration_events (
            declaration_id TEXT NOT NULL REFERENCES declarations(id),
            sequence INTEGER NOT NULL,
            status TEXT NOT NULL,
            at BIGINT NOT NULL,
            actor TEXT NOT NULL,
            note TEXT,
            PRIMARY KEY (declaration_id, sequence)
        )
        """,
        """
        CREATE TABLE registration_counters (
            office_code TEXT NOT NULL,
            day TEXT NOT NULL,
            last_serial INTEGER NOT NULL,
            PRIMARY KEY (office_code, day)
        )
        """,
        """
        CREATE TABLE audit_log (
            sequence BIGINT PRIMARY KEY,
            at BIGINT NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            object_type TEXT NOT NULL,
            object_id TEXT NOT NULL,
            state_digest TEXT NOT NULL,
            previous_hash TEXT NOT NULL,
            hash TEXT NOT NULL
        )
        """,
        "CREATE INDEX audit_log_object ON audit_log (object_type, object_id)",
        """
        CREATE TABLE audit_head (
            id INTEGER PRIMARY KEY,
            sequence BIGINT NOT NULL,
            hash TEXT NOT NULL
        )
        """,
        "INSERT INTO audit_head (id, sequence, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000')",
        """
        CREATE TABLE idempotency_keys (
            principal TEXT NOT NULL,
            idempotency_key TEXT NOT NULL,
            operation TEXT NOT NULL,
            request_digest TEXT NOT NULL,
            response TEXT,
            created_at BIGINT NOT NULL,
            PRIMARY KEY (principal, idempotency_key)
        )
        """,
    ])
}
