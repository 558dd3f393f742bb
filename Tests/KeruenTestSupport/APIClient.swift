import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KeruenCore
import KeruenServer
import NIOCore
import NIOFoundationCompat

/// Small helpers so that API tests read like what a client does.
public struct APIResponse: Sendable {
    public var status: HTTPResponse.Status
    public var headers: HTTPFields
    public var body: ByteBuffer

    public var text: String { String(buffer: body) }
    public var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(buffer: body))) as? [String: Any] ?? [:] }
    public var array: [[String: Any]] { (try? JSONSerialization.jsonObject(with: Data(buffer: body))) as? [[String: Any]] ?? [] }
    /// The pointers of a problem's field errors.
    public var errorPointers: [String] { (json["errors"] as? [[String: Any]] ?? []).compactMap { $0["pointer"] as? String } }
    public var errorCodes: [String: String] {
        var codes: [String: String] = [:]
        for error in json["errors"] as? [[String: Any]] ?? [] {
            if let pointer = error["pointer"] as? String, codes[pointer] == nil { codes[pointer] = error["code"] as? String }
        }
        return codes
    }
}

extension TestClientProtocol {
    public func call(_ method: HTTPRequest.Method, _ path: String, token: String? = nil, headers: HTTPFields = [:],
                     body: ByteBuffer? = nil) async throws -> APIResponse {
        var headers = headers
        if let token { headers[.authorization] = "Bearer \(token)" }
        if body != nil, headers[.contentType] == nil { headers[.contentType] = "application/json" }
        return try await execute(uri: path, method: method, headers: headers, body: body) { response in
            APIResponse(status: response.status, headers: response.headers, body: response.body)
        }
    }

    public func call(_ method: HTTPRequest.Method, _ path: String, token: String? = nil, headers: HTTPFields = [:], json: String) async throws -> APIResponse {
        try await call(method, path, token: token, headers: headers, body: ByteBuffer(string: json))
    }

    /// Signs in through the API and answers the bearer token.
    public func token(_ username: String, password: String = DemoData.password) async throws -> String {
        let response = try await call(.post, "/api/v1/auth/token", json: #"{"username":"\#(username)","password":"\#(password)"}"#)
        guard let token = response.json["token"] as? String else { throw TestFailure("sign-in as \(username) failed: \(response.status) \(response.text)") }
        return token
    }

    /// Creates a draft from domain content and answers the response.
    public func createDeclaration(_ content: DeclarationContent, token: String, idempotencyKey: String? = nil) async throws -> APIResponse {
        var headers: HTTPFields = [:]
        if let idempotencyKey { headers[HTTPField.Name("Idempotency-Key")!] = idempotencyKey }
        return try await call(.post, "/api/v1/declarations", token: token, headers: headers,
                              body: ByteBuffer(data: try APIPayload.declarationJSON(content)))
    }
}

public struct TestFailure: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

extension TestClientProtocol {
    /// Downloads the draft's signing payload, has `signer` of the test PKI sign it with OpenSSL, and
    /// submits with that signature.
    public func signAndSubmit(_ id: String, token: String, signer: String, pki: TestPKI = .shared) async throws -> APIResponse {
        let payload = try await call(.get, "/api/v1/declarations/\(id)/signing-payload", token: token)
        guard payload.status == .ok else { throw TestFailure("signing payload: \(payload.status) \(payload.text)") }
        let signature = try pki.sign(Array(buffer: payload.body), as: signer)
        return try await submit(id, token: token, signature: signature)
    }

    public func submit(_ id: String, token: String, signature: [UInt8]) async throws -> APIResponse {
        try await call(.post, "/api/v1/declarations/\(id)/submit", token: token, json: #"{"signature":"\#(Data(signature).base64EncodedString())"}"#)
    }

    /// Risk settings for a test: `share` (0–1) of otherwise-green declarations goes at random to documentary
    /// control (1: every one, so an officer decides on each; 0: none), without AEO lowering.
    public func setRandomSelection(share: Double, channel: String = "yellow") async throws {
        let response = try await call(.put, "/api/v1/risk/settings", token: try await token("demo-analyst"),
            json: #"{"randomShare":\#(share),"randomShareByOffice":{},"randomChannel":"\#(channel)","aeoSteps":0,"aeoExemptFromRandom":false,"newTraderBelow":0}"#)
        guard response.status == .ok else { throw TestFailure("risk settings: \(response.status) \(response.text)") }
    }

    /// Pays what the declaration's invoice asks by a bank transfer the administrator records, as the bank's statement would bring it.
    public func payByBankTransfer(declaration id: String) async throws {
        let admin = try await token("demo-admin")
        let invoice = try await call(.get, "/api/v1/declarations/\(id)/invoice", token: admin)
        guard let reference = invoice.json["reference"] as? String, let due = invoice.json["due"] as? String else {
            throw TestFailure("invoice: \(invoice.status) \(invoice.text)")
        }
        let transfer = try await call(.post, "/api/v1/bank-transfers", token: admin,
                                      json: #"{"invoiceReference":"\#(reference)","amount":"\#(due)","bankReference":"PP-\#(reference)"}"#)
        guard transfer.json["invoicePaid"] as? Bool == true else { throw TestFailure("bank transfer: \(transfer.status) \(transfer.text)") }
    }
}

extension TestPKI {
    /// Trusts the test root and its revocation list in the application, as an administrator would.
    public func install(in dependencies: AppDependencies) async throws {
        let trust = TrustWorkflow(dependencies: dependencies)
        _ = try await trust.addAnchor(try pem("root"), actor: "test")
        _ = try await trust.addRevocationList(try String(contentsOfFile: path("root.crl.pem"), encoding: .utf8), actor: "test")
    }
}
