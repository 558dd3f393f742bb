import Foundation
import Hummingbird
import HTTPTypes
import KeruenCore
import Logging
import OpenAPIRuntime

/// Turns every error of an API route into RFC 9457 problem details in the caller's language,
/// and every error of a portal page into a plain localized page. Nothing leaks as a bare 500.
struct ProblemMiddleware: RouterMiddleware {
    typealias Context = KeruenRequestContext
    let localizer: Localizer

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let problem = Self.problem(for: error)
            if problem.status == .internalServerError {
                context.logger.error("request failed", metadata: ["error": "\(String(reflecting: error))"])
            }
            let language = Language.preferred(acceptLanguage: request.headers[.acceptLanguage]) ?? .en
            return render(problem, language: language, instance: request.uri.path)
        }
    }

    func render(_ problem: APIProblem, language: Language, instance: String) -> Response {
        var body: [String: Any] = [
            "type": "https://keruen.kz/problems/\(problem.code)",
            "title": localizer.text("problem.\(problem.code)", language),
            "status": problem.status.code,
            "code": problem.code,
            "instance": instance,
        ]
        if let detail = problem.detail { body["detail"] = detail }
        if !problem.fields.isEmpty {
            body["errors"] = problem.fields.map { field in
                ["pointer": field.pointer, "code": field.code.rawValue, "message": localizer.message(for: field, in: language)]
            }
        }
        let data = (try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        var headers = problem.headers
        headers[.contentType] = "application/problem+json"
        headers[.contentLanguage] = language.rawValue
        return Response(status: problem.status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// Maps any error to a problem; only unforeseen errors become `internal-error`.
    static func problem(for error: any Error) -> APIProblem {
        switch error {
        case let problem as APIProblem:
            return problem
        case let serverError as ServerError:
            if let problem = serverError.underlyingError as? APIProblem { return problem }
            if let decoding = serverError.underlyingError as? DecodingError { return problem(for: decoding) }
            if let date = serverError.underlyingError as? RFC3339DateTranscoder.Unreadable {
                return APIProblem(.badRequest, "malformed-json", detail: "\"\(date.text)\" is not an RFC 3339 date-time.",
                                  fields: [ValidationProblem("", expected: .dateTime)])
            }
            // The runtime's own refusals (a missing header, a wrong content type) carry a 4xx status and say why;
            // anything else a handler threw unexpectedly is ours.
            if serverError.httpStatus.kind == .clientError {
                return APIProblem(serverError.httpStatus, "bad-request", detail: serverError.causeDescription)
            }
            return APIProblem(.internalServerError, "internal-error")
        case let decoding as DecodingError:
            return problem(for: decoding)
        case let httpError as HTTPError:
            switch httpError.status {
            case .notFound: return .notFound
            case .contentTooLarge: return APIProblem(.contentTooLarge, "body-too-large")
            case .unauthorized: return .unauthenticated
            default: return APIProblem(httpError.status, httpError.status.kind == .clientError ? "bad-request" : "internal-error", detail: httpError.body)
            }
        default:
            return APIProblem(.internalServerError, "internal-error")
        }
    }

    /// A JSON decoding error names the failing field by its coding path; that becomes the pointer.
    static func problem(for error: DecodingError) -> APIProblem {
        func pointer(_ path: [any CodingKey]) -> String {
            path.map { key in key.intValue.map(String.init) ?? key.stringValue.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1") }
                .reduce("") { $0 + "/" + $1 }
        }
        let field: ValidationProblem
        switch error {
        case .keyNotFound(let key, let context):
            field = ValidationProblem(pointer(context.codingPath + [key]), .required)
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            field = ValidationProblem(pointer(context.codingPath), .wrongType, ["expected": expectedName(type).rawValue])
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty {
                return APIProblem(.badRequest, "malformed-json", detail: "The body is not well-formed UTF-8 JSON.")
            }
            let at = pointer(context.codingPath)
            field = context.debugDescription.contains("Additional properties") ? ValidationProblem(at, .unknownField) : ValidationProblem(at, expected: .permittedValue)
        @unknown default:
            return APIProblem(.badRequest, "malformed-json")
        }
        return APIProblem(.badRequest, "malformed-json", fields: [field])
    }

    private static func expectedName(_ type: Any.Type) -> ValidationProblem.ValueType {
        let name = String(describing: type)
        if name.contains("String") { return .string }
        if name.contains("Int") { return .integer }
        if name.contains("Double") || name.contains("Float") || name.contains("Decimal") { return .number }
        if name.contains("Bool") { return .boolean }
        if name.contains("Array") { return .array }
        return .object
    }
}
