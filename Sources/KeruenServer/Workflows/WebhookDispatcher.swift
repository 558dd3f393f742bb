import AsyncHTTPClient
import Crypto
import Foundation
import KeruenCore
import KeruenStore
import NIOCore
import NIOHTTP1
import ServiceLifecycle

/// Sends the outbox's due deliveries, every second while the application runs: each a POST of the
/// event's JSON with `Keruen-Signature: t=<unix time>,v1=<hex HMAC-SHA256 of "t.body" under the
/// subscription's secret>`, `Keruen-Event` and `Keruen-Delivery` (the id a receiver drops repeats by).
/// A 2xx answer delivers it; anything else is retried with back-off (``WebhookDelivery/backoff(afterAttempt:)``).
public struct WebhookDispatcher: Service {
    let dependencies: AppDependencies
    var client: HTTPClient = .shared

    public init(dependencies: AppDependencies) { self.dependencies = dependencies }

    static let batch = 50
    static let timeout = TimeAmount.seconds(10)

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    // A full batch: there may be more due at once.
                    if try await deliverDue() == Self.batch { continue }
                } catch {
                    dependencies.logger.error("webhook deliveries failed", metadata: ["error": "\(error)"])
                }
                guard (try? await Task.sleep(for: .seconds(1))) != nil else { return }
            }
        }
    }

    /// Attempts every delivery due now (at most a batch, a few at a time); answers how many were attempted.
    @discardableResult
    public func deliverDue() async throws -> Int {
        let now = dependencies.clock()
        let due = try await dependencies.store.read { try await $0.webhooks.due(at: now, limit: Self.batch) }
        await withTaskGroup(of: Void.self) { group in
            for (index, item) in due.enumerated() {
                if index >= 8 { await group.next() }
                group.addTask { await deliver(item) }
            }
        }
        return due.count
    }

    private func deliver(_ item: WebhookRepository.Due) async {
        let attempt = await post(item)
        let number = item.attemptsSoFar + 1
        let (status, next) = WebhookDelivery.after(attempt, attemptsSoFar: number)
        do {
            try await dependencies.store.write { session in
                _ = try await session.webhooks.record(attempt, number: number, deliveryID: item.delivery.id, status: status, next: next)
            }
        } catch {
            dependencies.logger.error("webhook attempt not recorded", metadata: ["delivery": "\(item.delivery.id)", "error": "\(error)"])
        }
    }

    private func post(_ item: WebhookRepository.Due) async -> WebhookDelivery.Attempt {
        let timestamp = Int(dependencies.clock().timeIntervalSince1970)
        var request = HTTPClientRequest(url: item.url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: "Keruen-Webhooks/1")
        request.headers.add(name: "Keruen-Event", value: item.delivery.event)
        request.headers.add(name: "Keruen-Delivery", value: item.delivery.id)
        request.headers.add(name: "Keruen-Signature", value: "t=\(timestamp),v1=\(Self.signature(item.delivery.payload, secret: item.secret, timestamp: timestamp))")
        request.body = .bytes(ByteBuffer(string: item.delivery.payload))
        do {
            let response = try await client.execute(request, timeout: Self.timeout)
            _ = try? await response.body.collect(upTo: 64 * 1024)
            return WebhookDelivery.Attempt(at: dependencies.clock(), statusCode: Int(response.status.code), error: nil)
        } catch {
            return WebhookDelivery.Attempt(at: dependencies.clock(), statusCode: nil, error: String(String(describing: error).prefix(300)))
        }
    }

    /// What a receiver recomputes to check a delivery: hex HMAC-SHA256 of "<timestamp>.<body>", keyed with the secret's UTF-8 bytes.
    public static func signature(_ body: String, secret: String, timestamp: Int) -> String {
        let key = SymmetricKey(data: Data(secret.utf8))
        return Hex.encode(Array(HMAC<SHA256>.authenticationCode(for: Data("\(timestamp).\(body)".utf8), using: key)))
    }
}
