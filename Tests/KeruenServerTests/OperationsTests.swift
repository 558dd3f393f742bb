import HummingbirdTesting
import KeruenServer
import KeruenStore
import Logging
import KeruenTestSupport
import Testing

@Suite struct OperationsTests {
    @Test func healthAndMetrics() async throws {
        try await withTestApp { client, _ in
            #expect(try await client.call(.get, "/health/live").status == .ok)
            let ready = try await client.call(.get, "/health/ready")
            #expect(ready.status == .ok)
            #expect(ready.json["schemaVersion"] as? Int == Migration.all.map(\.version).max())
            let metrics = try await client.call(.get, "/metrics")
            #expect(metrics.text.contains(#"keruen_declarations{status="registered"} 4.0"#))
            #expect(metrics.text.contains(#"keruen_declarations{status="draft"} 1.0"#))
        }
    }
}

@Suite struct ReadinessTests {
    @Test func notReadyUntilTheMigrationsHaveRun() async throws {
        try await TestDatabase.withProvider { provider, _ in
            var configuration = AppConfiguration()
            configuration.logLevel = .warning
            configuration.runsBackgroundServices = false
            let store = Store(provider: provider)
            let dependencies = AppDependencies(configuration: configuration, store: store, reference: sharedReference,
                                               localizer: sharedLocalizer, logger: Logger(label: "test"))
            let app = try await buildApplication(dependencies: dependencies)
            try await app.test(.router) { client in
                let before = try await client.call(.get, "/health/ready")
                #expect(before.status == .serviceUnavailable)
                _ = try await store.migrate()
                let after = try await client.call(.get, "/health/ready")
                #expect(after.status == .ok)
                #expect(try await store.migrate() == [])
            }
        }
    }
}
