import HTTPTypes
import OpenAPIRuntime

/// Passes a request that carries no body as having none, so that an optional body (a submission's
/// signature) may be left out: Hummingbird's OpenAPI transport always hands over a body, and an empty
/// one does not decode as JSON.
struct EmptyBodyMiddleware: ServerMiddleware {
    func intercept(_ request: HTTPRequest, body: HTTPBody?, metadata: ServerRequestMetadata, operationID: String,
                   next: (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?)) async throws -> (HTTPResponse, HTTPBody?) {
        guard let body, request.headerFields[.contentLength] == nil || request.headerFields[.contentLength] == "0" else {
            return try await next(request, body, metadata)
        }
        // Read it either way: a body left unread keeps the connection waiting. The body limit middleware bounds it.
        let bytes = try await [UInt8](collecting: body, upTo: .max)
        return try await next(request, bytes.isEmpty ? nil : HTTPBody(bytes), metadata)
    }
}
