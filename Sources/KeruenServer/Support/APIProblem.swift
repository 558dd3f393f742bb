import HTTPTypes
import KeruenCore

/// An error the client can act on, answered as RFC 9457 problem details. `code` is stable; the
/// title is the localized message for it ("problem.<code>").
public struct APIProblem: Error, Sendable {
    public var status: HTTPResponse.Status
    public var code: String
    public var detail: String?
    public var fields: [ValidationProblem]
    public var headers: HTTPFields

    public init(_ status: HTTPResponse.Status, _ code: String, detail: String? = nil, fields: [ValidationProblem] = [], headers: HTTPFields = [:]) {
        self.status = status
        self.code = code
        self.detail = detail
        self.fields = fields
        self.headers = headers
    }

    public static func validation(_ problems: [ValidationProblem]) -> APIProblem {
        APIProblem(.unprocessableContent, "validation-failed", fields: problems)
    }
    public static let unauthenticated = APIProblem(.unauthorized, "unauthenticated", headers: [.wwwAuthenticate: "Bearer"])
    public static let forbidden = APIProblem(.forbidden, "forbidden")
    public static let notFound = APIProblem(.notFound, "not-found")
    public static let versionMismatch = APIProblem(.preconditionFailed, "version-mismatch")
    public static let preconditionRequired = APIProblem(.init(code: 428), "precondition-required")
    public static let idempotencyConflict = APIProblem(.unprocessableContent, "idempotency-conflict")
    public static let invalidCredentials = APIProblem(.unauthorized, "invalid-credentials")
    /// A refused signature: its own code, the check's finding as the detail, and the field it came in.
    public static func signature(_ refusal: SignatureRefusal, field: String = "/signature") -> APIProblem {
        APIProblem(.unprocessableContent, refusal.reason.rawValue, detail: refusal.detail, fields: [ValidationProblem(field, .signatureRefused, ["problem": refusal.reason.rawValue])])
    }
    public static func invalidState(_ detail: String) -> APIProblem { APIProblem(.conflict, "invalid-state", detail: detail) }
}
