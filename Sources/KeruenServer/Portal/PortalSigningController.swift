import Foundation
import Hummingbird
import KeruenCore
import KeruenSignature
import MultipartKit

/// The portal's signing pages: a declarant downloads the signing payload, signs it with his own tool
/// and uploads the signature file; an officer decides on a registered declaration, signed with the
/// key the server holds for him.
struct PortalSigningController {
    let portal: PortalController

    private var dependencies: AppDependencies { portal.dependencies }
    private var workflow: DeclarationWorkflow { portal.workflow }

    func addRoutes(to router: Router<KeruenRequestContext>) {
        router.get("/declarations/:id/sign") { _, context in try await signPage(context, refusal: nil) }
        router.get("/declarations/:id/signing-payload") { _, context in try await payload(context) }
        router.post("/declarations/:id/sign") { request, context in try await submitSigned(request, context) }
        router.post("/declarations/:id/decide") { request, context in try await decide(request, context) }
    }

    private func signPage(_ context: KeruenRequestContext, refusal: APIProblem?) async throws -> Response {
        guard let principal = context.scope.principal else { return portal.signInRedirect() }
        let id = context.parameters.get("id") ?? ""
        let declaration = try await workflow.get(id: id, principal: principal)
        guard declaration.status == .draft else { return Response.redirect(to: "/declarations/\(id)", type: .normal) }
        let language = context.scope.language
        let trust = try await dependencies.signatureTrust.snapshot(now: dependencies.clock())
        let file = "declaration-\(id)-v\(declaration.version).json"
        return try portal.page("sign", context, title: "sign.title", [
            "id": id, "version": declaration.version, "file": file,
            "download": portal.localizer.text("sign.download", language, ["version": "\(declaration.version)"]),
            "optional": !trust.signatureRequired(officeCode: declaration.content.officeCode),
            "refusal": refusal.map { problem in
                ["title": portal.localizer.text("problem.\(problem.code)", language), "detail": problem.detail ?? "", "code": problem.code]
            } ?? false,
        ])
    }

    private func payload(_ context: KeruenRequestContext) async throws -> Response {
        guard let principal = context.scope.principal else { return portal.signInRedirect() }
        let id = context.parameters.get("id") ?? ""
        let (payload, version) = try await workflow.signingPayload(id: id, principal: principal)
        return Response(status: .ok, headers: [.contentType: "application/json",
                                               .contentDisposition: "attachment; filename=\"declaration-\(id)-v\(version).json\""],
                        body: .init(byteBuffer: ByteBuffer(bytes: payload.bytes)))
    }

    /// The uploaded signature file (multipart), or none when the declarant submits unsigned where that is allowed.
    private struct Upload: Decodable {
        var csrf: String
        var version: String?
        var signature: Data?
    }

    private func submitSigned(_ request: Request, _ context: KeruenRequestContext) async throws -> Response {
        guard let principal = context.scope.principal else { return portal.signInRedirect() }
        let id = context.parameters.get("id") ?? ""
        var request = request
        let body = try await request.collectBody(upTo: dependencies.configuration.maximumBodySize)
        guard let boundary = request.headers[.contentType].flatMap(Self.boundary),
              let upload = try? FormDataDecoder().decode(Upload.self, from: body, boundary: boundary),
              upload.csrf == context.sessionCSRF else { throw APIProblem.forbidden }
        let signature = upload.signature.map { Self.signatureBytes(Array($0)) }.flatMap { $0.isEmpty ? nil : $0 }
        do {
            let submitted = try await workflow.submit(id: id, expectedVersion: upload.version.flatMap { Int($0) }, principal: principal,
                                                      idempotencyKey: nil, signature: signature)
            return Response.redirect(to: "/declarations/\(id)?done=\(submitted.status == .registered ? "registered" : "rejected")", type: .normal)
        } catch let problem as APIProblem where problem.code.hasPrefix("signature-") || problem.code == "version-mismatch" {
            return try await signPage(context, refusal: problem)
        }
    }

    private func decide(_ request: Request, _ context: KeruenRequestContext) async throws -> Response {
        guard let principal = context.scope.principal else { return portal.signInRedirect() }
        let form = try await portal.postedForm(request, context)
        let id = context.parameters.get("id") ?? ""
        guard let decision = form["decision"].flatMap(OfficerDecision.init(rawValue:)) else { throw APIProblem(.badRequest, "bad-request") }
        let reasons = (form["reasons"] ?? "").split(whereSeparator: \.isNewline).map { String($0.trimmingSpaces()) }.filter { !$0.isEmpty }
        let version = form["version"].flatMap { Int($0) }
        do {
            _ = try await workflow.decideWithServerHeldKey(id: id, decision: decision, reasons: reasons, expectedVersion: version, principal: principal)
        } catch let problem as APIProblem where problem.code == "invoice-unpaid" {
            return Response.redirect(to: "/declarations/\(id)?done=invoice-unpaid", type: .normal)
        } catch let problem as APIProblem where problem.code == "invalid-state" || problem.code == "version-mismatch" {
            // Someone else decided (or changed it) first: the officer sees the declaration as it now stands.
            return Response.redirect(to: "/declarations/\(id)?done=decided-meanwhile", type: .normal)
        } catch let problem as APIProblem where problem.status == .forbidden && problem.code != "forbidden" {
            // Refused by the separation of duties: said on the declaration's page.
            return Response.redirect(to: "/declarations/\(id)?done=problem-\(problem.code)", type: .normal)
        }
        return Response.redirect(to: "/declarations/\(id)?done=decided", type: .normal)
    }

    /// A signature file as tools write it: DER, or the same in base64 or PEM text.
    static func signatureBytes(_ file: [UInt8]) -> [UInt8] {
        guard file.first != 0x30, let text = String(bytes: file, encoding: .utf8) else { return file }
        let base64 = text.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
        return Data(base64Encoded: base64, options: .ignoreUnknownCharacters).map(Array.init) ?? file
    }

    static func boundary(_ contentType: String) -> String? {
        contentType.split(separator: ";").lazy.map { $0.trimmingSpaces() }.first { $0.hasPrefix("boundary=") }
            .map { String($0.dropFirst("boundary=".count)).trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
    }

    /// A kept signature as the detail page lists it.
    static func row(_ signature: DeclarationSignature, language: Language, localizer: Localizer) -> [String: Any] {
        let signer = [signature.signer.commonName, signature.signer.iin.map { "IIN \($0)" }, signature.signer.bin.map { "BIN \($0)" }]
            .compactMap { $0 }.joined(separator: ", ")
        return ["purpose": localizer.text("signature.purpose.\(signature.purpose)", language), "version": signature.version,
                "signer": signer, "issuer": signature.issuer, "serial": signature.serialNumber,
                "signingTime": signature.signingTime.map(PortalFormat.time) ?? "", "verifiedAt": PortalFormat.time(signature.verifiedAt),
                "serverHeld": signature.serverHeldKey]
    }
}
