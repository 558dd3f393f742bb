import Foundation
import Hummingbird
import HummingbirdTesting
import KeruenCore
import KeruenReference
import KeruenServer
import KeruenStore
import Logging
import NIOConcurrencyHelpers

/// A clock the tests can move.
public final class TestClock: Sendable {
    private let instant: NIOLockedValueBox<Date>
    public init(_ start: Date = Date()) { instant = NIOLockedValueBox(start) }
    public var now: Date { instant.withLockedValue { $0 } }
    public func advance(by seconds: TimeInterval) { instant.withLockedValue { $0 = $0.addingTimeInterval(seconds) } }
}

/// Loaded once: parsing the HS nomenclature for every test would be wasted time.
public let sharedReference: ReferenceData = try! ReferenceData.bundled()
public let sharedLocalizer: Localizer = try! Localizer.bundled()

/// Builds the application on a fresh test database (with the demo data unless `demo` is false; the live post and the
/// transit corridor too if `liveDemo` is set)
/// and runs `body` with a client that talks to it in-process.
/// Submissions need no signature unless `signatures` is set (the signature tests set it; production requires them by default).
public func withTestApp<T: Sendable>(
    demo: Bool = true, liveDemo: Bool = false, clock: TestClock? = nil, signatures: Bool = false,
    _ body: @Sendable (any TestClientProtocol, AppDependencies) async throws -> T
) async throws -> T {
    try await TestDatabase.withStore { store in
        var configuration = AppConfiguration()
        configuration.bcryptCost = 4
        configuration.logLevel = .warning
        configuration.signatureRequiredByDefault = signatures
        configuration.runsBackgroundServices = false
        var logger = Logger(label: "keruen.test")
        logger.logLevel = .warning
        let now: @Sendable () -> Date
        if let clock { now = { clock.now } } else { now = { Date() } }
        let dependencies = AppDependencies(configuration: configuration, store: store, reference: sharedReference, localizer: sharedLocalizer,
                                           clock: now, logger: logger)
        if demo { try await DemoData(dependencies: dependencies, livePost: liveDemo).load() }
        let app = try await buildApplication(dependencies: dependencies)
        let box = NIOLockedValueBox<T?>(nil)
        try await app.test(.router) { client in
            box.withLockedValue { $0 = nil }
            let value = try await body(client, dependencies)
            box.withLockedValue { $0 = value }
        }
        return box.withLockedValue { $0 }!
    }
}
