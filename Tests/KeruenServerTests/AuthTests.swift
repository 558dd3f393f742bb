import Foundation
import HTTPTypes
import HummingbirdTesting
import KeruenServer
import KeruenTestSupport
import Testing

@Suite struct AuthTests {
    @Test func aTokenWorksUntilItIsRevoked() async throws {
        try await withTestApp { client, _ in
            let token = try await client.token("demo-declarant")
            #expect(try await client.call(.get, "/api/v1/auth/me", token: token).json["username"] as? String == "demo-declarant")
            #expect(try await client.call(.delete, "/api/v1/auth/token", token: token).status == .noContent)
            let after = try await client.call(.get, "/api/v1/auth/me", token: token)
            #expect(after.status == .unauthorized)
            #expect(after.headers[.contentType] == "application/problem+json")
        }
    }

    @Test func tokensExpire() async throws {
        let clock = TestClock()
        try await withTestApp(clock: clock) { client, _ in
            let token = try await client.token("demo-declarant")
            clock.advance(by: 13 * 3600)
            #expect(try await client.call(.get, "/api/v1/auth/me", token: token).status == .unauthorized)
        }
    }

    @Test func tokensAreStoredOnlyAsHashes() async throws {
        try await withTestApp { client, dependencies in
            let token = try await client.token("demo-declarant")
            let stored = try await dependencies.store.read { session in
                try await session.sql.raw("SELECT token_hash FROM auth_tokens").all().map { try $0.decode(column: "token_hash", as: String.self) }
            }
            #expect(!stored.contains(token))
            #expect(stored.allSatisfy { $0.count == 64 })
        }
    }

    @Test func wrongPasswordsAreRefusedAndRepeatedFailuresSlowDown() async throws {
        let clock = TestClock()
        try await withTestApp(clock: clock) { client, _ in
            for _ in 0..<3 {
                let wrong = try await client.call(.post, "/api/v1/auth/token", json: #"{"username":"demo-broker","password":"guess"}"#)
                #expect(wrong.status == .unauthorized)
                #expect(wrong.json["code"] as? String == "invalid-credentials")
            }
            let throttled = try await client.call(.post, "/api/v1/auth/token", json: #"{"username":"demo-broker","password":"demo"}"#)
            #expect(throttled.status == .tooManyRequests)
            #expect(throttled.headers[.retryAfter] == "1")
            clock.advance(by: 2)
            let allowed = try await client.call(.post, "/api/v1/auth/token", json: #"{"username":"demo-broker","password":"demo"}"#)
            #expect(allowed.status == .created)
            let unknown = try await client.call(.post, "/api/v1/auth/token", json: #"{"username":"nobody","password":"demo"}"#)
            #expect(unknown.status == .unauthorized)
        }
    }

    @Test func demoUsersExistOnlyWithTheDemoData() async throws {
        try await withTestApp(demo: false) { client, _ in
            let response = try await client.call(.post, "/api/v1/auth/token", json: #"{"username":"demo-admin","password":"demo"}"#)
            #expect(response.status == .unauthorized)
        }
    }
}
