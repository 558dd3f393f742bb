import Hummingbird
import KeruenCore

/// The request context of every route: Hummingbird's core storage plus the request's scope.
public struct KeruenRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var scope = RequestScope(principal: nil, language: .en, credentialHash: nil, requestID: "-")
    /// The portal session's CSRF token, checked on every form post.
    public var sessionCSRF: String?
    public var displayName: String?
    /// Path and query of the request, for links that come back to the same page.
    public var requestPath = "/"

    public init(source: Source) {
        coreContext = .init(source: source)
    }

    /// Bodies are collected by `BodyLimitMiddleware` with the configured limit.
    public var maxUploadSize: Int { 8 * 1024 * 1024 }
}
