import HummingbirdTesting
import KeruenTestSupport
import Testing

@Suite struct OperationsTests {
    @Test func healthAndMetrics() async throws {
        try await withTestApp { client, _ in
            #expect(try await client.call(.get, "/health/live").status == .ok)
            let ready = try await client.call(.get, "/health/ready")
            #expect(ready.status == .ok)
            #expect(ready.json["schemaVersion"] as? Int == 1)
            let metrics = try await client.call(.get, "/metrics")
            #expect(metrics.text.contains(#"keruen_declarations{status="registered"} 4.0"#))
            #expect(metrics.text.contains(#"keruen_declarations{status="draft"} 1.0"#))
        }
    }
}
