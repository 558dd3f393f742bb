import Foundation
import HTTPTypes
import Hummingbird

/// swift-openapi-runtime writes response header values percent-encoded (`ETag: %221%22`). `ETag` and
/// `Location` must be sent as they are (`"1"`, `/api/v1/…`), so they are decoded here on the way out.
struct HeaderEncodingMiddleware: RouterMiddleware {
    typealias Context = KeruenRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        for name in [HTTPField.Name.eTag, .location] {
            if let value = response.headers[name], value.contains("%"), let decoded = value.removingPercentEncoding {
                response.headers[name] = decoded
            }
        }
        return response
    }
}
