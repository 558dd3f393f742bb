import Foundation
import HTTPTypes
import KeruenCore
import KeruenStore

/// Signs users in and out. Failed attempts are counted per user and slow further attempts down
/// (`SignInThrottle`); unknown user names cost the same bcrypt work as known ones.
struct SignInService: Sendable {
    let dependencies: AppDependencies

    struct Session: Sendable {
        var secret: String
        var csrfToken: String?
        var expiresAt: Date
        var user: UserAccount
    }

    func signIn(username: String, password: String, kind: TokenRepository.Kind, language: Language?) async throws -> Session {
        let now = dependencies.clock()
        guard let user = try await dependencies.store.read({ try await $0.users.find(username: username) }), !user.disabled else {
            // The same bcrypt work as a real check, so that timing does not tell which user names exist.
            _ = try? await dependencies.passwords.hash(password)
            throw APIProblem.invalidCredentials
        }
        if let retryAt = SignInThrottle.retryAfter(failures: user.failedSignIns, lastFailure: user.lastFailedAt, now: now) {
            let seconds = max(1, Int((retryAt.timeIntervalSince(now) - 0.001).rounded(.up)))
            throw APIProblem(.tooManyRequests, "too-many-attempts", detail: "Retry after \(seconds) s.",
                             headers: [.retryAfter: String(seconds)])
        }
        guard try await dependencies.passwords.verify(password, against: user.passwordHash) else {
            try await dependencies.store.write { try await $0.users.recordFailedSignIn(userID: user.id, at: now) }
            throw APIProblem.invalidCredentials
        }
        let secret = TokenSecret.make()
        let csrf = kind == .session ? TokenSecret.make() : nil
        let lifetime = kind == .session ? dependencies.configuration.sessionLifetime : dependencies.configuration.apiTokenLifetime
        let expiresAt = now.addingTimeInterval(Double(lifetime.components.seconds))
        try await dependencies.store.write { session in
            try await session.users.clearFailedSignIns(userID: user.id)
            try await session.tokens.insert(hash: TokenSecret.hash(secret), userID: user.id, kind: kind, csrfToken: csrf,
                                            language: language, at: now, expiresAt: expiresAt)
            session.record(AuditEntry(actor: user.username, action: "auth.sign-in", objectType: "user", objectID: user.id,
                                      at: now, stateDigest: TokenSecret.hash(kind.rawValue + ":" + TokenSecret.hash(secret))))
        }
        return Session(secret: secret, csrfToken: csrf, expiresAt: expiresAt, user: user)
    }

    func signOut(credentialHash: String, principal: Principal) async throws {
        let now = dependencies.clock()
        try await dependencies.store.write { session in
            try await session.tokens.revoke(hash: credentialHash, at: now)
            session.record(AuditEntry(actor: principal.username, action: "auth.sign-out", objectType: "user", objectID: principal.userID,
                                      at: now, stateDigest: credentialHash))
        }
    }
}
