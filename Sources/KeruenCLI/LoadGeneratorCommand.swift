import ArgumentParser
import AsyncHTTPClient
import Foundation
import KeruenCore
import KeruenSignature
import KeruenReference
import KeruenServer
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
import NIOPosix

/// `keruen loadgen`: N clients create and submit realistic 10-item declarations against a running
/// server for D seconds, then print throughput and latency percentiles. With `--get PATH` (repeatable)
/// they read those pages or API paths instead, in turn, as the signed-in user.
struct LoadGeneratorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "loadgen", abstract: "Measure registrations per second against a running server.")

    @Option(help: "Base URL of the server.") var url = "http://127.0.0.1:8080"
    @Option(help: "Concurrent clients.") var clients = 64
    @Option(help: "Seconds to run.") var duration = 30
    @Option(help: "Goods items per declaration.") var items = 10
    @Option(help: "Customs posts the declarations are spread over (each post and day numbers its own registrations).") var offices = 1
    @Option(help: "User to sign in as (a declarant).") var username = "demo-declarant"
    @Option(help: "Password.") var password = "demo"
    @Option(help: "Event-loop threads of the generator (it shares the machine with the server).") var threads = 1
    @Option(help: "Sign each submission with this certificate (PEM), after fetching its signing payload.") var certificate: String?
    @Option(help: "The signing key (PEM) for --certificate.") var key: String?
    @Flag(help: "Fetch each signing payload from the server (as the portal does) instead of computing it here.") var fetchPayload = false
    @Option(help: "Read this path (a portal page or API GET) instead of registering; repeat to take several in turn.") var get: [String] = []
    @Option(help: "Read the paths listed in this file (one per line), as --get does.") var getFile: String?
    @Option(help: "Send checkpoint device batches of this many events (sign in as a device, e.g. --username demo-nz-seals) instead of registering.")
    var deviceEvents: Int?

    func run() async throws {
        var get = get
        if let getFile { get += try String(contentsOfFile: getFile, encoding: .utf8).split(whereSeparator: \.isNewline).map(String.init) }
        guard let base = URL(string: url), let host = base.host, base.scheme == "http" else { throw ValidationError("--url takes http://HOST[:PORT]") }
        let port = base.port ?? 80
        let token = try await signIn()
        let bodies = try requestBodies()
        let signer = try certificate.map { try PayloadSigner(certificatePEM: String(contentsOfFile: $0, encoding: .utf8),
                                                             privateKeyPEM: String(contentsOfFile: key ?? "", encoding: .utf8)) }
        let template = deviceEvents.map { DeviceBatchTemplate(events: $0) }
        let runTag = String(String(Int(Date().timeIntervalSince1970) % 1_679_616, radix: 36).uppercased().suffix(4)).padding(toLength: 4, withPad: "0", startingAt: 0)
        if let deviceEvents { print("Running \(clients) devices for \(duration) s sending batches of \(deviceEvents) events to \(url) as \(username)…") }
        else { print(get.isEmpty ? "Running \(clients) clients for \(duration) s against \(url), \(items) items per declaration, \(offices) post(s)\(signer == nil ? "" : ", signed")…"
                          : "Running \(clients) clients for \(duration) s reading \(get.count > 3 ? "\(get.count) paths" : get.joined(separator: ", ")) from \(url) as \(username)…") }
        let group = MultiThreadedEventLoopGroup(numberOfThreads: threads)
        let started = NIODeadline.now()
        let deadline = started + .seconds(Int64(duration))
        var total = LoadResult()
        do {
            let results = (0..<clients).map { index in
                let settings = LoadClientHandler.Settings(host: base.port.map { "\(host):\($0)" } ?? host, basePath: base.path,
                                                          token: token, body: bodies[index % bodies.count].body, deadline: deadline, signer: signer,
                                                          content: fetchPayload ? nil : bodies[index % bodies.count].content,
                                                          reads: get.isEmpty ? [] : Array(get[(index % get.count)...] + get[..<(index % get.count)]),
                                                          deviceBatch: template, client: index, run: runTag)
                return Self.connect(group, host: host, port: port, settings)
            }
            for result in results { total.merge(try await result.get()) }
        } catch {
            try? await group.shutdownGracefully()
            throw error
        }
        try await group.shutdownGracefully()
        print(total.report(elapsed: LoadClientHandler.milliseconds(NIODeadline.now() - started) / 1000))
    }

    /// One client's connection; its future ends with what the client measured.
    private static func connect(_ group: MultiThreadedEventLoopGroup, host: String, port: Int, _ settings: LoadClientHandler.Settings)
        -> EventLoopFuture<LoadResult> {
        let eventLoop = group.next()
        let finished = eventLoop.makePromise(of: LoadResult.self)
        ClientBootstrap(group: eventLoop)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    try channel.pipeline.syncOperations.addHandler(LoadClientHandler(settings, finished: finished))
                }
            }
            .connect(host: host, port: port)
            .whenFailure { finished.fail($0) }
        return finished.futureResult
    }

    /// Realistic declarations, one per variant, spread over the posts; encoded once.
    private func requestBodies() throws -> [(content: DeclarationContent, body: ByteBuffer)] {
        // The demo's own post first, then the others in code order.
        let demoPost = DemoDeclarations.importFromChina(itemCount: 1).officeCode
        let posts = [demoPost].compactMap { $0 } + (try ReferenceData.bundled().offices.values
            .filter { $0.acceptsDeclarations && $0.code != demoPost }.map(\.code).sorted())
        guard (1...posts.count).contains(offices) else { throw ValidationError("--offices takes 1 to \(posts.count)") }
        return try (0..<max(10, offices)).map { variant in
            var content = DemoDeclarations.importFromChina(itemCount: items, variant: variant)
            content.officeCode = posts[variant % offices]
            return (content, ByteBuffer(data: try APIPayload.declarationJSON(content)))
        }
    }

    private func signIn() async throws -> String {
        var request = HTTPClientRequest(url: "\(url)/api/v1/auth/token")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: #"{"username":"\#(username)","password":"\#(password)"}"#))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 1 << 20)
        guard response.status == .created, let json = try JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any],
              let token = json["token"] as? String else {
            throw ValidationError("sign-in as \(username) failed: \(response.status) \(String(buffer: body))")
        }
        return token
    }
}
