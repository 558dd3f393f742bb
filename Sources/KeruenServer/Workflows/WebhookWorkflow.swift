import Crypto
import Foundation
import KeruenCore
import KeruenStore

/// Companies' webhook subscriptions, and the notifications put in the outbox with each change of a
/// declaration (in its own transaction, so that what is committed is told and nothing else).
struct WebhookWorkflow: Sendable {
    let dependencies: AppDependencies
    var store: Store { dependencies.store }

    static let mostPerCompany = 10

    /// Registers a URL for the principal's company; the secret that signs every delivery is answered once, here.
    func subscribe(url: String, principal: Principal) async throws -> (subscription: WebhookSubscription, secret: String) {
        try await dependencies.recordingRefusal("webhook.subscribe", objectType: "webhook", objectID: principal.companyBIN ?? principal.username,
                                                principal: principal) {
            guard FilingRights(principal: principal).mayFile, let company = principal.companyBIN else { throw APIProblem.forbidden }
            let url = String(url.trimmingSpaces())
            guard WebhookSubscription.isAcceptable(url: url) else { throw APIProblem.validation([ValidationProblem("/url", expected: .webhookURL)]) }
            let now = dependencies.clock()
            let subscription = WebhookSubscription(id: TimeOrderedID.make(at: now), companyBIN: company, url: url, createdBy: principal.username,
                                                   createdAt: now)
            let secret = Hex.encode(SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) })
            try await store.write { session in
                guard try await session.webhooks.subscriptions(companyBIN: company).count < Self.mostPerCompany else {
                    throw APIProblem.validation([ValidationProblem("/url", .tooMany, ["maximum": "\(Self.mostPerCompany)"])])
                }
                try await session.webhooks.insert(subscription, secret: secret)
                session.record(AuditEntry(actor: principal.username, action: "webhook.subscribe", objectType: "webhook", objectID: subscription.id,
                                          at: now, stateDigest: url))
            }
            return (subscription, secret)
        }
    }

    func subscriptions(principal: Principal) async throws -> [WebhookSubscription] {
        guard let company = principal.companyBIN else { throw APIProblem.forbidden }
        return try await store.read { try await $0.webhooks.subscriptions(companyBIN: company) }
    }

    func remove(id: String, principal: Principal) async throws {
        let now = dependencies.clock()
        try await store.write { session in
            guard let subscription = try await session.webhooks.subscription(id: id), subscription.companyBIN == principal.companyBIN else {
                throw APIProblem.notFound
            }
            _ = try await session.webhooks.remove(id: id, at: now)
            session.record(AuditEntry(actor: principal.username, action: "webhook.remove", objectType: "webhook", objectID: id, at: now,
                                      stateDigest: subscription.url))
        }
    }

    /// The delivery log of one of the company's subscriptions, newest first.
    func deliveries(subscriptionID: String, principal: Principal) async throws -> [WebhookDelivery] {
        try await store.read { session in
            guard let subscription = try await session.webhooks.subscription(id: subscriptionID), subscription.companyBIN == principal.companyBIN else {
                throw APIProblem.notFound
            }
            return try await session.webhooks.deliveries(subscriptionID: subscriptionID, limit: 200)
        }
    }

    /// Puts the event in the outbox for the declarant's and the representative's subscriptions.
    func notify(_ event: String, _ declaration: Declaration, in session: StoreSession, at now: Date) async throws {
        let companies = [declaration.content.declarant?.identificationNumber, declaration.content.representative?.identificationNumber].compactMap { $0 }
        guard !companies.isEmpty else { return }
        let eventID = TimeOrderedID.make(at: now)
        let payload = Notification(id: eventID, type: event, occurredAt: now,
                                   declaration: .init(id: declaration.id, registrationNumber: declaration.registrationNumber?.description,
                                                      status: declaration.status.rawValue, version: declaration.version))
        try await session.webhooks.enqueue(eventID: eventID, event: event, declarationID: declaration.id, companies: companies,
                                           payload: String(decoding: try Self.encoder.encode(payload), as: UTF8.self), at: now)
    }

    /// What a receiver gets: the event and where the declaration now stands (its content is fetched with the API).
    struct Notification: Encodable {
        var id: String
        var type: String
        var occurredAt: Date
        var declaration: DeclarationState

        struct DeclarationState: Encodable {
            var id: String
            var registrationNumber: String?
            var status: String
            var version: Int
        }
    }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()
}
