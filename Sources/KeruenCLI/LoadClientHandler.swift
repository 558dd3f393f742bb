import Foundation
import KeruenCore
import KeruenSignature
import NIOCore
import NIOHTTP1

/// One client of the load generator: a keep-alive connection that creates a declaration, submits it,
/// and starts again until the deadline, all on its event loop.
///
/// Why not an HTTP client library: the generator shares the machine with the server it measures, and
/// AsyncHTTPClient took about 1 ms of CPU per request here — a third of the two cores at 600 requests/s.
/// The bodies are encoded once; this handler only writes them and reads the status, `Location`, the
/// signing payload when it signs, and, for a submit, whether the answer says "registered".
final class LoadClientHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundOut = HTTPClientRequestPart

    struct Settings: Sendable {
        var host: String
        var basePath: String
        var token: String
        var body: ByteBuffer
        var deadline: NIODeadline
        /// Signs each submission, as a broker's software does; unsigned when nil.
        var signer: PayloadSigner?
        /// The content of `body`, for computing the signing payload here (RFC 8785 of id, version and content)
        /// instead of fetching it; nil fetches it from the signing-payload endpoint, as the portal does.
        var content: DeclarationContent?
        /// Paths to GET in turn instead of registering declarations.
        var reads: [String] = []
        /// Device batches to send instead of registering declarations.
        var deviceBatch: DeviceBatchTemplate?
        /// This client's number and the run's tag (4 characters), part of its batches' event ids: another run
        /// of the generator against the same database sends new events, not resends.
        var client = 0
        var run = "0000"
    }

    private enum Step { case create, payload, submit, read, ingest }

    private let settings: Settings
    private let finished: EventLoopPromise<LoadResult>
    private var result = LoadResult()
    private var step = Step.create
    private var status = HTTPResponseStatus.ok
    private var location: String?
    private var answer = ByteBuffer()
    private var requestStarted = NIODeadline.now()
    private var cycleStarted = NIODeadline.now()
    private var nextRead = 0
    private var batchesSent = 0

    private static let registered = Array(#""status":"registered""#.utf8)
    private static let accepted = Array(#""accepted":"#.utf8)

    /// The unsigned integer right after `key` in the answer (the count of events a batch added).
    private static func number(after key: [UInt8], in buffer: ByteBuffer) -> Int? {
        buffer.withUnsafeReadableBytes { bytes in
            guard bytes.count > key.count, let start = (0...(bytes.count - key.count)).first(where: { at in key.indices.allSatisfy { bytes[at + $0] == key[$0] } })
            else { return nil }
            var value = 0, index = start + key.count
            while index < bytes.count, (48...57).contains(bytes[index]) { value = value * 10 + Int(bytes[index] - 48); index += 1 }
            return value
        }
    }

    init(_ settings: Settings, finished: EventLoopPromise<LoadResult>) {
        self.settings = settings
        self.finished = finished
    }

    func channelActive(context: ChannelHandlerContext) {
        if settings.deviceBatch != nil { ingest(context) } else if settings.reads.isEmpty { create(context) } else { read(context) }
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            status = head.status
            if step == .create { location = head.headers.first(name: "Location") }
            answer.clear()
        case .body(var part):
            if step != .create && step != .read { answer.writeBuffer(&part) }
        case .end:
            answered(context)
        }
    }

    /// A broken connection (the server went away) ends this client; what it measured until then stands.
    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        result.errors += 1
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        // Closed by the server, after an error or after the deadline: what was measured so far stands.
        finished.succeed(result)
        context.fireChannelInactive()
    }

    private func answered(_ context: ChannelHandlerContext) {
        let now = NIODeadline.now()
        result.requestLatencies.append(Self.milliseconds(now - requestStarted))
        switch step {
        case .ingest:
            if status == .ok, let batch = settings.deviceBatch {
                result.events += batch.events
                result.newEvents += Self.number(after: Self.accepted, in: answer) ?? 0
            } else {
                result.errors += 1
            }
            if now < settings.deadline { ingest(context) } else { context.close(promise: nil) }
            return
        case .read:
            if status.code < 300 { result.read += 1 } else { result.errors += 1 }
            if now < settings.deadline { read(context) } else { context.close(promise: nil) }
            return
        case .create:
            if status == .created, let location {
                if let signer = settings.signer, let content = settings.content {
                    let id = String(location.split(separator: "/").last ?? "")
                    let signature = try? signer.sign(SigningPayload(declarationID: id, version: 1, content: content).bytes)
                    submit(context, path: location + "/submit",
                           body: signature.map { ByteBuffer(string: #"{"signature":""# + Data($0).base64EncodedString() + #""}"#) })
                } else if settings.signer != nil {
                    step = .payload
                    send(context, method: .GET, path: location + "/signing-payload", headers: [], body: nil)
                } else {
                    submit(context, path: location + "/submit", body: nil)
                }
                return
            }
            result.errors += 1
        case .payload:
            if status == .ok, let location, let signature = try? settings.signer?.sign(Array(buffer: answer)) {
                submit(context, path: location + "/submit",
                       body: ByteBuffer(string: #"{"signature":""# + Data(signature).base64EncodedString() + #""}"#))
                return
            }
            result.errors += 1
        case .submit:
            if status == .ok, Self.contains(answer, Self.registered) {
                result.registered += 1
                result.cycleLatencies.append(Self.milliseconds(now - cycleStarted))
            } else {
                result.errors += 1
            }
        }
        if now < settings.deadline {
            create(context)
        } else {
            context.close(promise: nil)
        }
    }

    /// Whether `needle` occurs in the readable bytes. Why by hand: Foundation's `firstRange(of:)` over a
    /// `ByteBufferView` took half of the generator's CPU, which it shares with the server it measures.
    private static func contains(_ buffer: ByteBuffer, _ needle: [UInt8]) -> Bool {
        buffer.withUnsafeReadableBytes { bytes in
            guard let first = needle.first, bytes.count >= needle.count else { return false }
            return (0...(bytes.count - needle.count)).contains { start in
                bytes[start] == first && needle.indices.allSatisfy { bytes[start + $0] == needle[$0] }
            }
        }
    }

    private func read(_ context: ChannelHandlerContext) {
        step = .read
        send(context, method: .GET, path: settings.basePath + settings.reads[nextRead % settings.reads.count], headers: [], body: nil)
        nextRead += 1
    }

    private func ingest(_ context: ChannelHandlerContext) {
        guard let template = settings.deviceBatch else { return }
        step = .ingest
        batchesSent += 1
        let prefix = settings.run + String(format: "%03d%05d", settings.client % 1_000, batchesSent % 100_000)
        send(context, path: settings.basePath + "/api/v1/devices/events", headers: [("Content-Type", "application/json")], body: template.batch(prefix: prefix, time: Date() - 1))
    }

    private func create(_ context: ChannelHandlerContext) {
        step = .create
        cycleStarted = .now()
        send(context, path: settings.basePath + "/api/v1/declarations",
             headers: [("Content-Type", "application/json"), ("Idempotency-Key", UUID().uuidString)], body: settings.body)
    }

    private func submit(_ context: ChannelHandlerContext, path: String, body: ByteBuffer?) {
        step = .submit
        send(context, path: path, headers: [("If-Match", "\"1\"")] + (body == nil ? [] : [("Content-Type", "application/json")]), body: body)
    }

    private func send(_ context: ChannelHandlerContext, method: HTTPMethod = .POST, path: String, headers extra: [(String, String)], body: ByteBuffer?) {
        var headers = HTTPHeaders(extra)
        headers.add(name: "Host", value: settings.host)
        headers.add(name: "Authorization", value: "Bearer \(settings.token)")
        headers.add(name: "Content-Length", value: String(body?.readableBytes ?? 0))
        requestStarted = .now()
        context.write(wrapOutboundOut(.head(HTTPRequestHead(version: .http1_1, method: method, uri: path, headers: headers))), promise: nil)
        if let body { context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil) }
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }

    static func milliseconds(_ time: TimeAmount) -> Double { Double(time.nanoseconds) / 1e6 }
}
