import AsyncHTTPClient
import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
import NIOPosix

/// The built `keruen` executable, run as a separate process the way an operator runs it.
struct KeruenProcess {
    /// `keruen` sits next to the test bundle in the build folder.
    static var executable: URL {
        let bundle = URL(fileURLWithPath: ProcessInfo.processInfo.arguments[0]).deletingLastPathComponent()
        for candidate in [bundle, bundle.deletingLastPathComponent(), Bundle.main.bundleURL] {
            let url = candidate.appendingPathComponent("keruen")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return bundle.appendingPathComponent("keruen")
    }

    /// Runs a command to its end on a thread of its own, so that waiting for it never holds one of
    /// the few threads Swift concurrency has.
    static func run(_ arguments: [String], environment: [String: String] = [:]) async throws -> (status: Int32, output: String) {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                continuation.resume(with: Result { try runBlocking(arguments, environment: environment) })
            }.start()
        }
    }

    private static func runBlocking(_ arguments: [String], environment: [String: String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    static func start(_ arguments: [String], environment: [String: String] = [:]) throws -> Process {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    static func freePort() -> Int { Int.random(in: 20_000...40_000) }
}

/// A minimal JSON client for the spawned server.
struct HTTP {
    let client = HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton)

    func send(_ method: HTTPMethod, _ url: String, token: String? = nil, json: String? = nil) async throws -> (status: UInt, body: [String: Any]) {
        var request = HTTPClientRequest(url: url)
        request.method = method
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let json {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: json))
        }
        let response = try await client.execute(request, timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 1 << 22)
        let object = (try? JSONSerialization.jsonObject(with: Data(buffer: body))) as? [String: Any] ?? [:]
        return (response.status.code, object)
    }

    func waitUntilReady(_ base: String, seconds: Int = 60) async throws {
        for _ in 0..<(seconds * 10) {
            if let response = try? await send(.GET, base + "/health/ready"), response.status == 200 { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw CLITestFailure("the server did not become ready")
    }

    func shutdown() async throws { try await client.shutdown() }
}

struct CLITestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
