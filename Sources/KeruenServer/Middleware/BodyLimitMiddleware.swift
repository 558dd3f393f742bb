import Hummingbird

/// Reads the whole request body up to a limit before any handler sees it: an oversized body is
/// refused with 413 before anything is decoded or written.
struct BodyLimitMiddleware: RouterMiddleware {
    typealias Context = KeruenRequestContext
    let limit: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
            throw APIProblem(.contentTooLarge, "body-too-large", detail: "At most \(limit) bytes are accepted.")
        }
        var request = request
        if request.method == .post || request.method == .put || request.method == .patch {
            do {
                _ = try await request.collectBody(upTo: limit)
            } catch let error as HTTPError where error.status == .contentTooLarge {
                throw APIProblem(.contentTooLarge, "body-too-large", detail: "At most \(limit) bytes are accepted.")
            }
        }
        return try await next(request, context)
    }
}
