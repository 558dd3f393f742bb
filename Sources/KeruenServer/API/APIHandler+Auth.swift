import KeruenAPI
import KeruenCore

extension APIHandler {
    func createToken(_ input: Operations.CreateToken.Input) async throws -> Operations.CreateToken.Output {
        guard case .json(let credentials) = input.body else { throw APIProblem(.badRequest, "bad-request") }
        let session = try await SignInService(dependencies: dependencies)
            .signIn(username: credentials.username, password: credentials.password, kind: .api, language: nil)
        return .created(.init(body: .json(.init(token: session.secret, expiresAt: session.expiresAt))))
    }

    func revokeToken(_ input: Operations.RevokeToken.Input) async throws -> Operations.RevokeToken.Output {
        let principal = try RequestScope.requirePrincipal()
        guard let hash = RequestScope.current.credentialHash else { throw APIProblem.unauthenticated }
        try await SignInService(dependencies: dependencies).signOut(credentialHash: hash, principal: principal)
        return .noContent(.init())
    }

    func getCurrentUser(_ input: Operations.GetCurrentUser.Input) async throws -> Operations.GetCurrentUser.Output {
        let principal = try RequestScope.requirePrincipal()
        guard let user = try await dependencies.store.read({ try await $0.users.find(id: principal.userID) }) else { throw APIProblem.unauthenticated }
        return .ok(.init(body: .json(APIMapping.user(user))))
    }
}
