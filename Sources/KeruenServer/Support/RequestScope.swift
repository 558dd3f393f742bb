import KeruenCore
import Hummingbird

/// Who is asking and in which language, for the duration of one request. A task-local because the
/// generated OpenAPI handlers receive no request context; the authentication middleware sets it.
public struct RequestScope: Sendable {
    public var principal: Principal?
    public var language: Language
    /// Hash of the bearer token or session the request came with, so that sign-out can revoke it.
    public var credentialHash: String?
    public var requestID: String

    @TaskLocal public static var current = RequestScope(principal: nil, language: .en, credentialHash: nil, requestID: "-")

    /// The principal, or 401 when the request is not signed in.
    public static func requirePrincipal() throws -> Principal {
        guard let principal = current.principal else { throw APIProblem.unauthenticated }
        return principal
    }

    /// The principal if it holds one of `roles`; 403 otherwise.
    public static func require(_ roles: Role...) throws -> Principal {
        let principal = try requirePrincipal()
        guard principal.roles.contains(where: roles.contains) else { throw APIProblem.forbidden }
        return principal
    }
}
