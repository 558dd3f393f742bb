import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KeruenCore
import KeruenServer
import KeruenTestSupport
import NIOConcurrencyHelpers
import NIOCore
import Testing

/// Traders hear of their declarations without asking: webhooks (signed, retried with back-off, logged)
/// and the declaration page's live update by server-sent events.
@Suite struct WebhookTests {
    /// A receiver on a loopback port that answers with the next status of `answers` (then 204) and keeps what it got.
    final class Receiver: Sendable {
        struct Call: Sendable {
            var headers: HTTPFields
            var body: String
        }
        let calls = NIOLockedValueBox<[Call]>([])
        let answers: NIOLockedValueBox<[HTTPResponse.Status]>
        let port = NIOLockedValueBox<Int>(0)

        init(answers: [HTTPResponse.Status]) { self.answers = NIOLockedValueBox(answers) }

        func run<T: Sendable>(_ body: @Sendable (String) async throws -> T) async throws -> T {
            let router = Router()
            router.post("/hook") { request, _ -> HTTPResponse.Status in
                let text = String(buffer: try await request.body.collect(upTo: 1 << 20))
                self.calls.withLockedValue { $0.append(Call(headers: request.headers, body: text)) }
                return self.answers.withLockedValue { $0.isEmpty ? .noContent : $0.removeFirst() }
            }
            let started = AsyncStream<Int>.makeStream()
            let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                                  onServerRunning: { channel in started.continuation.yield(channel.localAddress?.port ?? 0) })
            let server = Task { try await app.runService() }
            defer { server.cancel() }
            var ports = started.stream.makeAsyncIterator()
            let port = await ports.next() ?? 0
            return try await body("http://127.0.0.1:\(port)/hook")
        }
    }

    @Test func aSubscriberGetsEachChangeSignedAndRetriedUntilItAnswers() async throws {
        let clock = TestClock()
        try await withTestApp(clock: clock) { client, dependencies in
            try await client.setRandomSelection(share: 0)
            let declarant = try await client.token("demo-declarant")
            let receiver = Receiver(answers: [.internalServerError])
            try await receiver.run { url in
                // Only http(s): anything else is refused at its field, and the refusal is audited.
                let ftp = try await client.call(.post, "/api/v1/webhooks", token: declarant, json: #"{"url":"ftp://example.kz/hook"}"#)
                #expect(ftp.status == .unprocessableContent && ftp.text.contains("/url") && ftp.text.contains("http://"), "\(ftp.text)")
                let audit = try await dependencies.store.read { try await $0.auditLog.records(after: 0, limit: 100_000) }
                #expect(audit.contains { $0.entry.action == "webhook.subscribe.refused" && $0.entry.stateDigest == "validation-failed|/url" })
                #expect(try await client.call(.post, "/api/v1/webhooks", token: try await client.token("demo-officer"),
                                              json: #"{"url":"\#(url)"}"#).status == .forbidden)

                let subscribed = try await client.call(.post, "/api/v1/webhooks", token: declarant, json: #"{"url":"\#(url)"}"#)
                #expect(subscribed.status == .created, "\(subscribed.text)")
                let (hook, secret) = (try #require(subscribed.json["id"] as? String), try #require(subscribed.json["secret"] as? String))
                #expect(try await client.call(.get, "/api/v1/webhooks", token: declarant).array.first?["secret"] == nil)

                let id = try await ClearanceAPITests().register(client, token: declarant)
                let dispatcher = WebhookDispatcher(dependencies: dependencies)
                #expect(try await dispatcher.deliverDue() == 1)  // answered 500: to be tried again in 10 s
                #expect(try await dispatcher.deliverDue() == 0)
                clock.advance(by: 10)
                #expect(try await dispatcher.deliverDue() == 1)  // answered 204: delivered
                #expect(try await dispatcher.deliverDue() == 0)

                // Delivered at least once (a receiver drops repeats by the delivery id): the same event each time.
                let calls = receiver.calls.withLockedValue { $0 }
                #expect(calls.count == 2 && Set(calls.map(\.body)).count == 1, "\(calls.count) calls")
                let delivery = Set(calls.map { $0.headers[HTTPField.Name("Keruen-Delivery")!] })
                #expect(delivery.count == 1 && delivery.first! != nil)
                // The signature is the receiver's proof that the body came from Keruen.
                let header = try #require(calls.last?.headers[HTTPField.Name("Keruen-Signature")!])
                let parts = Dictionary(uniqueKeysWithValues: header.split(separator: ",").map { $0.split(separator: "=", maxSplits: 1).map(String.init) }
                    .map { ($0[0], $0[1]) })
                let body = calls.last?.body ?? ""
                let mac = HMAC<SHA256>.authenticationCode(for: Data("\(parts["t"]!).\(body)".utf8), using: SymmetricKey(data: Data(secret.utf8)))
                #expect(parts["v1"] == mac.map { String(format: "%02x", $0) }.joined())
                let event = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
                #expect(event["type"] as? String == "declaration.register" && (event["declaration"] as? [String: Any])?["id"] as? String == id, "\(event)")

                // The delivery log: one delivery, two attempts.
                let log = try await client.call(.get, "/api/v1/webhooks/\(hook)/deliveries", token: declarant).array
                #expect(log.count == 1 && log[0]["status"] as? String == "delivered", "\(log)")
                #expect((log[0]["attempts"] as? [[String: Any]])?.compactMap { $0["statusCode"] as? Int } == [500, 204])
                #expect(try await client.call(.get, "/api/v1/webhooks/\(hook)/deliveries", token: try await client.token("demo-broker")).status == .notFound)

                // Paid, the green declaration is released by the system: that is told too.
                try await client.payByBankTransfer(declaration: id)
                #expect(try await dispatcher.deliverDue() == 1)
                #expect(receiver.calls.withLockedValue { $0.last?.body.contains(#""type":"declaration.release""#) } == true)
                // Removed, it hears nothing more.
                #expect(try await client.call(.delete, "/api/v1/webhooks/\(hook)", token: declarant).status == .noContent)
                _ = try await ClearanceAPITests().register(client, token: declarant)
                #expect(try await dispatcher.deliverDue() == 0)
            }
        }
    }

    @Test func theDeclarationPageIsToldTheMomentItChanges() async throws {
        try await withTestApp { client, _ in
            try await client.setRandomSelection(share: 1)
            let declarant = try await client.token("demo-declarant")
            let id = try await ClearanceAPITests().register(client, token: declarant)
            var trader = PortalTests.Browser(client: client)
            try await trader.signIn("demo-declarant")
            let page = try await trader.get("/declarations/\(id)").text
            let marker = try #require(page.range(of: #"data-live="/declarations/\#(id)/live?mark="#))
            let mark = String(page[marker.upperBound...].prefix { $0 != "\"" })
            @Sendable func listen(_ browser: PortalTests.Browser, _ mark: String) async throws -> APIResponse {
                var browser = browser
                return try await browser.get("/declarations/\(id)/live?mark=\(mark)")
            }
            // A page drawn before the latest change hears of it at once.
            #expect(try await listen(trader, "0.0").text.contains("event: changed"))
            // An up-to-date page waits until the officer acts.
            async let stream = listen(trader, mark)
            try await Task.sleep(for: .milliseconds(1500))
            #expect(try await client.call(.post, "/api/v1/declarations/\(id)/document-requests", token: try await client.token("demo-officer"),
                                          json: #"{"text":"Send the invoice"}"#).status == .created)
            let events = try await stream
            #expect(events.headers[.contentType] == "text/event-stream" && events.text.contains("event: changed"), "\(events.text)")
            // Others' declarations are not theirs to watch.
            var other = PortalTests.Browser(client: client)
            try await other.signIn("demo-broker")
            #expect(try await other.get("/declarations/\(id)/live?mark=0.0").status == .notFound)
        }
    }
}
