import Foundation
import KeruenCore
import SQLKit

/// Webhook subscriptions, the outbox of deliveries and their attempts.
public struct WebhookRepository: Sendable {
    let sql: any SQLDatabase

    public func insert(_ subscription: WebhookSubscription, secret: String) async throws {
        try await sql.raw("""
            INSERT INTO webhook_subscriptions (id, company_bin, url, secret, created_by, created_at)
            VALUES (\(bind: subscription.id), \(bind: subscription.companyBIN), \(bind: subscription.url), \(bind: secret),
                    \(bind: subscription.createdBy), \(bind: subscription.createdAt.microsecondsSince1970))
            """).run()
    }

    /// A company's subscriptions in force, oldest first.
    public func subscriptions(companyBIN: String) async throws -> [WebhookSubscription] {
        try await sql.raw("""
            SELECT id, company_bin, url, created_by, created_at FROM webhook_subscriptions
            WHERE company_bin = \(bind: companyBIN) AND removed_at IS NULL ORDER BY created_at, id
            """).all().map(Self.subscription)
    }

    /// A subscription in force.
    public func subscription(id: String) async throws -> WebhookSubscription? {
        try await sql.raw("""
            SELECT id, company_bin, url, created_by, created_at FROM webhook_subscriptions WHERE id = \(bind: id) AND removed_at IS NULL
            """).first().map(Self.subscription)
    }

    /// Ends a subscription; its pending deliveries are given up. False if it was not in force.
    public func remove(id: String, at now: Date) async throws -> Bool {
        guard try await sql.raw("""
            UPDATE webhook_subscriptions SET removed_at = \(bind: now.microsecondsSince1970) WHERE id = \(bind: id) AND removed_at IS NULL RETURNING id
            """).first() != nil else { return false }
        try await sql.raw("""
            UPDATE webhook_deliveries SET status = 'failed', next_attempt_at = NULL WHERE subscription_id = \(bind: id) AND status = 'pending'
            """).run()
        return true
    }

    /// Puts one delivery of the event in the outbox for each subscription in force of these companies.
    public func enqueue(eventID: String, event: String, declarationID: String, companies: [String], payload: String, at now: Date) async throws {
        guard !companies.isEmpty else { return }
        try await sql.raw("""
            INSERT INTO webhook_deliveries (id, subscription_id, event, declaration_id, payload, created_at, status, next_attempt_at)
            SELECT CAST(\(bind: eventID) AS TEXT) || '-' || s.id, s.id, \(bind: event), \(bind: declarationID), \(bind: payload),
                   \(bind: now.microsecondsSince1970), 'pending', \(bind: now.microsecondsSince1970)
            FROM webhook_subscriptions AS s WHERE s.company_bin IN (\(SQLList(companies.map { SQLBind($0) }))) AND s.removed_at IS NULL
            """).run()
    }

    /// A delivery due for an attempt, with where it goes.
    public struct Due: Sendable {
        public var delivery: WebhookDelivery
        public var url: String
        public var secret: String
        public var attemptsSoFar: Int
    }

    /// The pending deliveries whose time has come, oldest first.
    public func due(at now: Date, limit: Int) async throws -> [Due] {
        try await sql.raw("""
            SELECT d.id, d.subscription_id, d.event, d.declaration_id, d.payload, d.created_at, d.status, d.next_attempt_at, s.url, s.secret,
                   (SELECT COUNT(*) FROM webhook_attempts AS a WHERE a.delivery_id = d.id) AS attempts
            FROM webhook_deliveries AS d JOIN webhook_subscriptions AS s ON s.id = d.subscription_id
            WHERE d.status = 'pending' AND d.next_attempt_at <= \(bind: now.microsecondsSince1970)
            ORDER BY d.next_attempt_at, d.id LIMIT \(bind: limit)
            """).all().map { row in
            Due(delivery: try Self.delivery(row, attempts: []), url: try row.decode(column: "url", as: String.self),
                secret: try row.decode(column: "secret", as: String.self), attemptsSoFar: try row.decode(column: "attempts", as: Int.self))
        }
    }

    /// Records an attempt and where the delivery now stands; false if it was no longer pending (nothing written).
    public func record(_ attempt: WebhookDelivery.Attempt, number: Int, deliveryID: String, status: WebhookDelivery.Status, next: Date?) async throws -> Bool {
        guard try await sql.raw("""
            UPDATE webhook_deliveries SET status = \(bind: status.rawValue), next_attempt_at = \(bind: next?.microsecondsSince1970)
            WHERE id = \(bind: deliveryID) AND status = 'pending' RETURNING id
            """).first() != nil else { return false }
        try await sql.raw("""
            INSERT INTO webhook_attempts (delivery_id, attempt, at, status_code, error)
            VALUES (\(bind: deliveryID), \(bind: number), \(bind: attempt.at.microsecondsSince1970), \(bind: attempt.statusCode), \(bind: attempt.error))
            """).run()
        return true
    }

    /// The latest deliveries of a subscription with their attempts, newest first.
    public func deliveries(subscriptionID: String, limit: Int) async throws -> [WebhookDelivery] {
        let rows = try await sql.raw("""
            SELECT id, subscription_id, event, declaration_id, payload, created_at, status, next_attempt_at FROM webhook_deliveries
            WHERE subscription_id = \(bind: subscriptionID) ORDER BY id DESC LIMIT \(bind: limit)
            """).all()
        guard !rows.isEmpty else { return [] }
        let ids = try rows.map { try $0.decode(column: "id", as: String.self) }
        let attempts = Dictionary(grouping: try await sql.raw("""
            SELECT delivery_id, at, status_code, error FROM webhook_attempts WHERE delivery_id IN (\(SQLList(ids.map { SQLBind($0) })))
            ORDER BY attempt
            """).all().map { row in
            (try row.decode(column: "delivery_id", as: String.self),
             WebhookDelivery.Attempt(at: Date(microsecondsSince1970: try row.decode(column: "at", as: Int64.self)),
                                     statusCode: try row.decode(column: "status_code", as: Int?.self), error: try row.decode(column: "error", as: String?.self)))
        }, by: \.0)
        return try rows.map { row in try Self.delivery(row, attempts: attempts[try row.decode(column: "id", as: String.self)]?.map(\.1) ?? []) }
    }

    static func subscription(_ row: any SQLRow) throws -> WebhookSubscription {
        WebhookSubscription(id: try row.decode(column: "id", as: String.self), companyBIN: try row.decode(column: "company_bin", as: String.self),
                            url: try row.decode(column: "url", as: String.self), createdBy: try row.decode(column: "created_by", as: String.self),
                            createdAt: Date(microsecondsSince1970: try row.decode(column: "created_at", as: Int64.self)))
    }

    static func delivery(_ row: any SQLRow, attempts: [WebhookDelivery.Attempt]) throws -> WebhookDelivery {
        WebhookDelivery(id: try row.decode(column: "id", as: String.self), subscriptionID: try row.decode(column: "subscription_id", as: String.self),
                        event: try row.decode(column: "event", as: String.self), declarationID: try row.decode(column: "declaration_id", as: String.self),
                        payload: try row.decode(column: "payload", as: String.self),
                        createdAt: Date(microsecondsSince1970: try row.decode(column: "created_at", as: Int64.self)),
                        status: try row.decode(column: "status", parsing: WebhookDelivery.Status.init(rawValue:)), attempts: attempts,
                        nextAttemptAt: try row.decode(column: "next_attempt_at", as: Int64?.self).map(Date.init(microsecondsSince1970:)))
    }
}
