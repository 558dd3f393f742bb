import Configuration
import Foundation
import Logging

/// Everything a Keruen node can be told at start-up, from flags, environment (`KERUEN_…`) or `.env`.
public struct AppConfiguration: Sendable {
    public var host = "127.0.0.1"
    public var port = 8080
    /// `sqlite:PATH` (the default, `sqlite:data/keruen.sqlite`) or `postgres://…`.
    public var databaseURL = "sqlite:data/keruen.sqlite"
    public var logLevel = Logger.Level.info
    /// Loads the demo users and declarations (and only then do they exist).
    public var demo = false
    /// bcrypt work factor; 4 in tests, 11 or more in production.
    public var bcryptCost = 11
    public var apiTokenLifetime: Duration = .seconds(12 * 3600)
    public var sessionLifetime: Duration = .seconds(8 * 3600)
    /// Largest request body accepted, in bytes (a 999-item declaration is well below).
    public var maximumBodySize = 4 * 1024 * 1024
    /// Largest attached file (a photo, a scan image, a PDF), in bytes: its base64 must fit in a request body.
    public var maximumAttachmentSize = 2 * 1024 * 1024
    /// Sets the Secure flag on cookies; on when Keruen sits behind TLS.
    public var secureCookies = false
    /// Whether an office with no signature policy of its own requires signed submissions.
    public var signatureRequiredByDefault = true
    /// How often the server signs a checkpoint of the audit chain.
    public var checkpointInterval: Duration = .seconds(3600)
    /// The server's signing key (PEM), made there on first start if missing.
    public var serverKeyFile = "data/server-signing-key.pem"

    public init() {}

    /// Where `--demo` writes the demo CA and the demo traders' signing certificates and keys: next to the server key.
    public var demoPKIFolder: String { (serverKeyFile as NSString).deletingLastPathComponent + "/demo-pki" }

    /// Reads `keruen.*` keys: KERUEN_HTTP_HOST, KERUEN_HTTP_PORT, KERUEN_DATABASE_URL, KERUEN_LOG_LEVEL,
    /// KERUEN_DEMO, KERUEN_BCRYPT_COST, KERUEN_HTTP_MAX_BODY, KERUEN_ATTACHMENT_MAX_BYTES, KERUEN_SECURE_COOKIES, KERUEN_AUDIT_CHECKPOINT_SECONDS, KERUEN_SERVER_KEY_FILE,
    /// KERUEN_SIGNATURE_REQUIRED.
    public init(reader: ConfigReader) {
        let keruen = reader.scoped(to: "keruen")
        host = keruen.string(forKey: "http.host", default: host)
        port = keruen.int(forKey: "http.port", default: port)
        databaseURL = keruen.string(forKey: "database.url", default: databaseURL)
        logLevel = keruen.string(forKey: "log.level").flatMap(Logger.Level.init(rawValue:)) ?? logLevel
        demo = keruen.bool(forKey: "demo", default: demo)
        bcryptCost = keruen.int(forKey: "bcrypt.cost", default: bcryptCost)
        secureCookies = keruen.bool(forKey: "secure.cookies", default: secureCookies)
        maximumBodySize = keruen.int(forKey: "http.max.body", default: maximumBodySize)
        maximumAttachmentSize = keruen.int(forKey: "attachment.max.bytes", default: maximumAttachmentSize)
        checkpointInterval = .seconds(keruen.int(forKey: "audit.checkpoint.seconds", default: Int(checkpointInterval.components.seconds)))
        serverKeyFile = keruen.string(forKey: "server.key.file", default: serverKeyFile)
        signatureRequiredByDefault = keruen.bool(forKey: "signature.required", default: signatureRequiredByDefault)
    }

    /// The configuration providers in order of precedence: the environment, then `.env`.
    /// Command-line flags are applied on top by the command that parsed them.
    public static func reader(environmentFile: String = ".env") async throws -> ConfigReader {
        ConfigReader(providers: [
            EnvironmentVariablesProvider(),
            try await EnvironmentVariablesProvider(environmentFilePath: .init(environmentFile), allowMissing: true),
        ])
    }
}
