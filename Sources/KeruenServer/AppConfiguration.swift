import Configuration
import KeruenCore
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
    /// How long after its deadline an overdue transit becomes a suspected false transit and its guarantee is called.
    public var transitGrace: Duration = .seconds(24 * 3600)
    /// How far (metres) a GPS position may lie from a movement's declared route before it is a deviation.
    public var routeTolerance = 25_000.0
    /// How long an electronic seal of a movement on its way may stay unheard (no state, no position) before it is a silent seal.
    public var sealSilence: Duration = .seconds(60 * 60)
    /// How often the server looks for overdue movements and lapsed queue bookings.
    public var transitWatchInterval: Duration = .seconds(30)
    /// The day of the month after a period on which its trade figures become public.
    public var statisticsPublicationDay = 15
    /// Public trade figures from fewer declarants than this are withheld (statistical confidentiality); at most
    /// ``TradeFigure/declarantsCounted``, as far as figures count declarants.
    public var confidentialityThreshold = 3
    /// Whether the background services run beside the server (audit checkpoints, webhook deliveries, the transit
    /// watch). Off in the tests, which drive them by hand: a service racing a test's own call made it flaky.
    public var runsBackgroundServices = true
    /// The server's signing key (PEM), made there on first start if missing.
    public var serverKeyFile = "data/server-signing-key.pem"

    public init() {}

    /// Where `--demo` writes the demo CA and the demo traders' signing certificates and keys: next to the server key.
    public var demoPKIFolder: String { (serverKeyFile as NSString).deletingLastPathComponent + "/demo-pki" }

    /// Reads `keruen.*` keys: KERUEN_HTTP_HOST, KERUEN_HTTP_PORT, KERUEN_DATABASE_URL, KERUEN_LOG_LEVEL,
    /// KERUEN_DEMO, KERUEN_BCRYPT_COST, KERUEN_HTTP_MAX_BODY, KERUEN_ATTACHMENT_MAX_BYTES, KERUEN_SECURE_COOKIES, KERUEN_AUDIT_CHECKPOINT_SECONDS, KERUEN_SERVER_KEY_FILE,
    /// KERUEN_SIGNATURE_REQUIRED, KERUEN_TRANSIT_GRACE_HOURS, KERUEN_ROUTE_TOLERANCE_METRES, KERUEN_TRANSIT_WATCH_SECONDS, KERUEN_SEAL_SILENCE_MINUTES,
    /// KERUEN_STATISTICS_PUBLICATION_DAY, KERUEN_STATISTICS_CONFIDENTIALITY_THRESHOLD.
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
        transitGrace = .seconds(keruen.int(forKey: "transit.grace.hours", default: Int(transitGrace.components.seconds) / 3600) * 3600)
        routeTolerance = keruen.double(forKey: "route.tolerance.metres", default: routeTolerance)
        sealSilence = .seconds(keruen.int(forKey: "seal.silence.minutes", default: Int(sealSilence.components.seconds) / 60) * 60)
        transitWatchInterval = .seconds(keruen.int(forKey: "transit.watch.seconds", default: Int(transitWatchInterval.components.seconds)))
        statisticsPublicationDay = min(28, max(1, keruen.int(forKey: "statistics.publication.day", default: statisticsPublicationDay)))
        confidentialityThreshold = min(TradeFigure.declarantsCounted,
                                       max(1, keruen.int(forKey: "statistics.confidentiality.threshold", default: confidentialityThreshold)))
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
