import Foundation
import KeruenSignature
import X509

/// The certificates, keys and revocation list that `Resources/make-test-pki.sh` makes with OpenSSL,
/// made once per test run in a temporary folder; and signatures made with `openssl cms`, as a
/// declarant's own tools would make them.
public struct TestPKI: Sendable {
    public let folder: URL

    /// Made on first use. Fails the tests that use it if OpenSSL is missing (`.ci/run` installs it).
    public static let shared: TestPKI = {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("keruen-test-pki-\(ProcessInfo.processInfo.processIdentifier)")
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Resources/make-test-pki.sh")
        try! TestPKI.run("/bin/sh", [script.path, folder.path])
        return TestPKI(folder: folder)
    }()

    public func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    public func certificate(_ name: String) throws -> Certificate {
        try Certificate(pemEncoded: String(contentsOfFile: path("\(name).pem"), encoding: .utf8))
    }

    public func pem(_ name: String) throws -> String { try String(contentsOfFile: path("\(name).pem"), encoding: .utf8) }

    public func bytes(_ name: String) throws -> [UInt8] { Array(try Data(contentsOf: folder.appendingPathComponent(name))) }

    /// The root CA's revocation list (DER); it lists the `revoked` signer.
    public func revocationList() throws -> CertificateRevocationList { try CertificateRevocationList(bytes: bytes("root.crl")) }

    /// `openssl cms -sign -binary -outform DER` over `payload` by the signer `name` (its .pem and .key), detached.
    public func sign(_ payload: [UInt8], as name: String, digest: String = "sha256") throws -> [UInt8] {
        let id = UUID().uuidString
        let input = folder.appendingPathComponent("payload-\(id)")
        let output = folder.appendingPathComponent("signature-\(id)")
        try Data(payload).write(to: input)
        defer {
            try? FileManager.default.removeItem(at: input)
            try? FileManager.default.removeItem(at: output)
        }
        try Self.run("/usr/bin/env", ["openssl", "cms", "-sign", "-binary", "-outform", "DER", "-md", digest, "-in", input.path,
                                      "-signer", path("\(name).pem"), "-inkey", path("\(name).key"), "-out", output.path])
        return Array(try Data(contentsOf: output))
    }

    static func run(_ executable: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            throw TestPKIError(message: "\(arguments.prefix(3).joined(separator: " ")) failed: \(text)")
        }
    }
}

public struct TestPKIError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
