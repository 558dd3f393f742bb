extension Migration {
    /// Push notifications: companies' webhook subscriptions, and an outbox of deliveries written in the
    /// same transaction as the change they tell of (so none is lost), with every attempt.
    static let m014Webhooks = Migration(version: 14, name: "webhooks", statements: [
        """
        CREATE TABLE webhook_subscriptions (
            id TEXT PRIMARY KEY,
            company_bin TEXT NOT NULL,
            url TEXT NOT NULL,
            secret TEXT NOT NULL,
            created_by TEXT NOT NULL,
            created_at BIGINT NOT NULL,
            removed_at BIGINT
        )
        """,
        "CREATE INDEX webhook_subscriptions_company ON webhook_subscriptions (company_bin)",
        """
        CREATE TABLE webhook_deliveries (
            id TEXT PRIMARY KEY,
            subscription_id TEXT NOT NULL REFERENCES webhook_subscriptions(id),
            event TEXT NOT NULL,
            declaration_id TEXT NOT NULL,
            payload TEXT NOT NULL,
            created_at BIGINT NOT NULL,
            status TEXT NOT NULL,
            next_attempt_at BIGINT
        )
        """,
        "CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at)",
        "CREATE INDEX webhook_deliveries_subscription ON webhook_deliveries (subscription_id, id)",
        """
        CREATE TABLE webhook_attempts (
            delivery_id TEXT NOT NULL REFERENCES webhook_deliveries(id),
            attempt INTEGER NOT NULL,
            at BIGINT NOT NULL,
            status_code INTEGER,
            error TEXT,
            PRIMARY KEY (delivery_id, attempt)
        )
        """,
    ])
}
