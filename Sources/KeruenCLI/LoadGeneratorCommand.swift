import ArgumentParser
import AsyncHTTPClient
import Foundation
import KeruenReference
import KeruenServer
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
import NIOPosix

/// `keruen loadgen`: N clients create and submit realistic 10-item declarations against a running
/// server for D seconds, then print throughput and latency percentiles.
struct LoadGeneratorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "loadgen", abstract: "Measure registrations per second against a running server.")

    @Option(help: "Base URL of the server.") var url = "http://127.0.0.1:8080"
    @Option(help: "Concurrent clients.") var clients = 64
    @Option(help: "Seconds to run.") var duration = 30
    @Option(help: "Goods items per declaration.") var items = 10
    @Option(help: "Customs posts the declarations are spread over (each post and day numbers its own registrations).") var offices = 1
    @Option(help: "User to sign in as (a declarant).") var username = "demo-declarant"
    @Option(help: "Password.") var password = "demo"

    func run() async throws {
        let client = HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton,
                                configuration: .init(connectionPool: .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: clients)))
        do {
            try await measure(client)
            try await client.shutdown()
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    private func measure(_ client: HTTPClient) async throws {
        let token = try await signIn(client)
        // The demo's own post first, then the others in code order.
        let demoPost = DemoDeclarations.importFromChina(itemCount: 1).officeCode
        let posts = [demoPost].compactMap { $0 } + (try ReferenceData.bundled().offices.values
            .filter { $0.acceptsDeclarations && $0.code != demoPost }.map(\.code).sorted())
        guard (1...posts.count).contains(offices) else { throw ValidationError("--offices takes 1 to \(posts.count)") }
        let bodies = try (0..<max(10, offices)).map { variant in
            var content = DemoDeclarations.importFromChina(itemCount: items, variant: variant)
            content.officeCode = posts[variant % offices]
            return ByteBuffer(data: try APIPayload.declarationJSON(content))
        }
        print("Running \(clients) clients for \(duration) s against \(url), \(items) items per declaration, \(offices) post(s)…")
        let deadline = ContinuousClock.now + .seconds(duration)
        let started = ContinuousClock.now
        let results = try await withThrowingTaskGroup(of: ClientResult.self) { group in
            for index in 0..<clients {
                group.addTask {
                    try await runClient(client, token: token, body: bodies[index % bodies.count], until: deadline)
                }
            }
            var total = ClientResult()
            for try await result in group { total.merge(result) }
            return total
        }
        let elapsed = Double((ContinuousClock.now - started).components.seconds) + Double((ContinuousClock.now - started).components.attoseconds) / 1e18
        print(results.report(elapsed: elapsed))
    }

    private func signIn(_ client: HTTPClient) async throws -> String {
        var request = HTTPClientRequest(url: "\(url)/api/v1/auth/token")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: #"{"username":"\#(username)","password":"\#(password)"}"#))
        let response = try await client.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 1 << 20)
        guard response.status == .created, let json = try JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any],
              let token = json["token"] as? String else {
            throw ValidationError("sign-in as \(username) failed: \(response.status) \(String(buffer: body))")
        }
        return token
    }

    private func runClient(_ client: HTTPClient, token: String, body: ByteBuffer, until deadline: ContinuousClock.Instant) async throws -> ClientResult {
        var result = ClientResult()
        while ContinuousClock.now < deadline {
            let cycleStart = ContinuousClock.now
            var create = HTTPClientRequest(url: "\(url)/api/v1/declarations")
            create.method = .POST
            create.headers.add(name: "Authorization", value: "Bearer \(token)")
            create.headers.add(name: "Content-Type", value: "application/json")
            create.headers.add(name: "Idempotency-Key", value: UUID().uuidString)
            create.body = .bytes(body)
            // The new declaration's address comes from Location, so that the generator spends its CPU
            // on sending, not on parsing answers (it shares the machine with the server).
            let (createStatus, createdHeaders, _) = try await send(client, create, &result)
            guard createStatus == 201, let location = createdHeaders.first(name: "Location") else {
                result.errors += 1
                continue
            }
            var submit = HTTPClientRequest(url: "\(url)\(location)/submit")
            submit.method = .POST
            submit.headers.add(name: "Authorization", value: "Bearer \(token)")
            submit.headers.add(name: "If-Match", value: "\"1\"")
            let (submitStatus, _, submitted) = try await send(client, submit, &result)
            if submitStatus == 200, String(buffer: submitted).contains(#""status":"registered""#) {
                result.registered += 1
                result.cycleLatencies.append(Self.milliseconds(ContinuousClock.now - cycleStart))
            } else {
                result.errors += 1
            }
        }
        return result
    }

    private func send(_ client: HTTPClient, _ request: HTTPClientRequest, _ result: inout ClientResult) async throws -> (UInt, HTTPHeaders, ByteBuffer) {
        let start = ContinuousClock.now
        let response = try await client.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 4 << 20)
        result.requestLatencies.append(Self.milliseconds(ContinuousClock.now - start))
        return (response.status.code, response.headers, body)
    }

    static func milliseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
    }
}

/// What the clients measured.
struct ClientResult: Sendable {
    var registered = 0
    var errors = 0
    var requestLatencies: [Double] = []
    var cycleLatencies: [Double] = []

    mutating func merge(_ other: ClientResult) {
        registered += other.registered
        errors += other.errors
        requestLatencies += other.requestLatencies
        cycleLatencies += other.cycleLatencies
    }

    func report(elapsed: Double) -> String {
        func percentile(_ values: [Double], _ p: Double) -> String {
            guard !values.isEmpty else { return "-" }
            let sorted = values.sorted()
            return String(format: "%.1f ms", sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))])
        }
        return """
            registered declarations: \(registered) in \(String(format: "%.1f", elapsed)) s = \(String(format: "%.0f", Double(registered) / elapsed)) per second
            errors: \(errors)
            requests: \(requestLatencies.count) (\(String(format: "%.0f", Double(requestLatencies.count) / elapsed)) per second), latency p50 \(percentile(requestLatencies, 0.5)), p99 \(percentile(requestLatencies, 0.99)), max \(percentile(requestLatencies, 1))
            create+submit: p50 \(percentile(cycleLatencies, 0.5)), p99 \(percentile(cycleLatencies, 0.99))
            """
    }
}
