import Crypto
import Foundation
import Hummingbird
import KeruenCore
import KeruenStore

/// Finds who is calling — a bearer token (API) or the session cookie (portal) — and the language,
/// and runs the rest of the request inside that `RequestScope`. It never refuses a request:
/// routes decide what they need.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = KeruenRequestContext
    let dependencies: AppDependencies

    static let sessionCookie = "keruen_session"
    static let languageCookie = "keruen_lang"

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        var scope = RequestScope(principal: nil, language: .en, credentialHash: nil, requestID: context.id)
        var grant: TokenRepository.Grant?
        if let authorization = request.headers[.authorization], authorization.lowercased().hasPrefix("bearer ") {
            let hash = TokenSecret.hash(String(authorization.dropFirst(7).trimmingSpaces()))
            grant = try await dependencies.store.read { try await $0.tokens.find(hash: hash, kind: .api, now: dependencies.clock()) }
            scope.credentialHash = hash
        } else if let cookie = request.cookies[Self.sessionCookie]?.value {
            let hash = TokenSecret.hash(cookie)
            grant = try await dependencies.store.read { try await $0.tokens.find(hash: hash, kind: .session, now: dependencies.clock()) }
            scope.credentialHash = hash
        }
        if let grant {
            let user = grant.user
            scope.principal = Principal(userID: user.id, username: user.username, roles: user.roles, companyBIN: user.companyBIN, officeCode: user.officeCode)
            context.sessionCSRF = grant.csrfToken
            context.displayName = user.displayName
        }
        // Language: the portal's remembered choice, else the browser's preference, else the user's own, else Russian for the portal.
        let chosen = request.cookies[Self.languageCookie].flatMap { Language(rawValue: $0.value) }
        let browser = Language.preferred(acceptLanguage: request.headers[.acceptLanguage])
        scope.language = chosen ?? grant?.language ?? browser ?? grant?.user.language ?? .en
        context.scope = scope
        context.requestPath = request.method == .get ? request.uri.description : "/declarations"
        let bound = context
        return try await RequestScope.$current.withValue(scope) {
            try await next(request, bound)
        }
    }
}

/// Opaque secrets for tokens and sessions: 32 random bytes shown once to the client, kept only as SHA-256.
enum TokenSecret {
    static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func hash(_ secret: String) -> String {
        SHA256.hash(data: Data(secret.utf8)).hex
    }
}
