import Foundation
import Hummingbird
import KeruenCore
import KeruenStore
import MultipartKit
import NIOCore

/// The officer's workspace on a declaration's page and the declarant's side of it: requests for
/// documents (the declarant answers with files), examinations ordered and their results with photos
/// and scan images, the declarant's history and earlier declarations of the same goods.
struct PortalControlController {
    let portal: PortalController

    private var control: ControlWorkflow { ControlWorkflow(dependencies: portal.dependencies) }
    private var localizer: Localizer { portal.localizer }

    func addRoutes(to router: Router<KeruenRequestContext>) {
        router.post("/declarations/:id/requests") { request, context in
            try await act(request, context, done: "documents-requested") { form, _, principal, id in
                _ = try await control.requestDocuments(declarationID: id, text: form.field("text"), principal: principal)
            }
        }
        router.post("/declarations/:id/requests/:request/answer") { request, context in
            try await act(request, context, done: "documents-sent") { form, context, principal, id in
                _ = try await control.answer(declarationID: id, requestID: context.parameters.get("request") ?? "", text: form.field("text"),
                                             attachments: try await upload(form.files, principal), principal: principal)
            }
        }
        router.post("/declarations/:id/examinations") { request, context in
            try await act(request, context, done: "examination-ordered") { form, _, principal, id in
                let order = ControlWorkflow.Order(type: ExaminationType(rawValue: form.field("type")) ?? .fullExamination, scope: form.field("scope"),
                                                  place: form.field("place"), examiner: form.field("examiner"))
                _ = try await control.orderExamination(declarationID: id, order, principal: principal)
            }
        }
        router.post("/declarations/:id/examinations/:examination/result") { request, context in
            try await act(request, context, done: "examination-recorded") { form, context, principal, id in
                let seals = { (name: String) in form.field(name).split(whereSeparator: { $0 == "," || $0.isNewline }).map { String($0.trimmingSpaces()) }
                    .filter { !$0.isEmpty } }
                let result = Examination.Result(outcome: ControlResult.Outcome(rawValue: form.field("outcome")) ?? .noViolation,
                                                violationKind: ControlResult.ViolationKind(rawValue: form.field("kind")), findings: form.field("findings"),
                                                sealsApplied: seals("sealsApplied"), sealsRemoved: seals("sealsRemoved"),
                                                attachments: try await upload(form.files, principal), conclusion: form.field("conclusion"),
                                                recordedBy: "", recordedAt: .distantPast)
                _ = try await control.recordExamination(declarationID: id, examinationID: context.parameters.get("examination") ?? "", result,
                                                        principal: principal)
            }
        }
        router.get("/attachments/:sha256") { _, context in
            guard let principal = context.scope.principal else { return portal.signInRedirect() }
            let (attachment, bytes) = try await control.attachment(sha256: context.parameters.get("sha256") ?? "", principal: principal)
            return Response(status: .ok, headers: [.contentType: attachment.mediaType.rawValue, .contentDisposition: "inline; filename=\"\(attachment.sha256)\""],
                            body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
        }
    }

    // MARK: On a declaration's page

    /// Registrations are counted up to here for the declarant's record (counting a big importer's every one would slow the page).
    static let registrationsCounted = 1000

    /// The control section, and the requests (which the page's clearance clock needs).
    func section(declaration: Declaration, principal: Principal, language: Language) async throws -> (values: [String: Any], requests: [DocumentRequest]) {
        let found = try await control.control(declarationID: declaration.id, principal: principal)
        let (examinations, requests) = (found.examinations, found.requests)
        let isCustoms = principal.hasAny(.officer, .supervisor)
        let open = declaration.status == .registered
        let files = Dictionary(found.attachments.map { ($0.sha256, $0) }, uniquingKeysWith: { first, _ in first })
        func links(_ hashes: [String]) -> [[String: Any]] {
            hashes.map { ["sha256": $0, "name": files[$0]?.fileName ?? $0, "image": files[$0]?.mediaType != .pdf] }
        }
        let mayFile = FilingRights(principal: principal).mayFile
        var values: [String: Any] = [
            "id": declaration.id,
            "requests": requests.map { request -> [String: Any] in
                ["requestId": request.id, "text": request.text, "by": request.requestedBy, "at": PortalFormat.time(request.requestedAt),
                 "answer": request.answer.map { answer -> [String: Any] in
                     ["text": answer.text, "by": answer.answeredBy, "at": PortalFormat.time(answer.answeredAt), "files": links(answer.attachments)]
                 } ?? false,
                 "canAnswer": mayFile && open && request.isOpen]
            },
            "canRequest": isCustoms && open,
            "isCustoms": isCustoms,
        ]
        guard isCustoms else { return (values, requests) }
        values["examinations"] = examinations.map { examination -> [String: Any] in
            ["examinationId": examination.id, "type": localizer.text("examination.\(examination.type.rawValue)", language), "scope": examination.scope,
             "place": examination.place, "examiner": examination.examiner, "by": examination.orderedBy, "at": PortalFormat.time(examination.orderedAt),
             "result": examination.result.map { result -> [String: Any] in
                 ["outcome": localizer.text("control-outcome.\(result.outcome.rawValue)", language), "outcomeCode": result.outcome.rawValue,
                  "kind": result.violationKind.map { localizer.text("violation.\($0.rawValue)", language) } ?? false,
                  "findings": result.findings, "conclusion": result.conclusion, "sealsApplied": result.sealsApplied.joined(separator: ", "),
                  "sealsRemoved": result.sealsRemoved.joined(separator: ", "), "files": links(result.attachments),
                  "by": result.recordedBy, "at": PortalFormat.time(result.recordedAt)]
             } ?? false,
             "canRecord": open && examination.isOpen]
        }
        values["canOrder"] = open
        values["types"] = ExaminationType.allCases.map { ["code": $0.rawValue, "name": localizer.text("examination.\($0.rawValue)", language)] }
        values["outcomes"] = ControlResult.Outcome.allCases.map { ["code": $0.rawValue, "name": localizer.text("control-outcome.\($0.rawValue)", language)] }
        values["kinds"] = ControlResult.ViolationKind.allCases.map { ["code": $0.rawValue, "name": localizer.text("violation.\($0.rawValue)", language)] }
        values["context"] = try await background(of: declaration, principal: principal, language: language)
        return (values, requests)
    }

    /// The declarant's record and its latest declarations, and the latest declarations of the first item's goods.
    private func background(of declaration: Declaration, principal: Principal, language: Language) async throws -> [String: Any] {
        let counted = Self.registrationsCounted
        let found = try await control.background(of: declaration, principal: principal, counted: counted, limit: 5)
        func rows(_ summaries: [DeclarationRepository.Summary]) -> [[String: Any]] {
            summaries.map { summary in
                ["id": summary.id, "number": summary.registrationNumber ?? summary.id, "declarant": summary.declarantName ?? summary.declarantBIN ?? "",
                 "status": localizer.text("status.\(summary.status.rawValue)", language), "statusCode": summary.status.rawValue,
                 "total": summary.invoiceTotal.map { "\(PortalFormat.amount($0)) \(summary.invoiceCurrency ?? "")" } ?? ""]
            }
        }
        var values: [String: Any] = ["declarantRows": rows(found.declarant), "goodsRows": rows(found.goods),
                                     "goodsCode": declaration.content.items.first?.commodityCode ?? false]
        if let record = found.record {
            values["record"] = localizer.text("workspace.summary", language, [
                "registered": record.registered >= counted ? "\(counted)+" : "\(record.registered)", "controls": "\(record.controls)", "violations": "\(record.violations)",
                "aeo": localizer.text("aeo.\(record.aeo.rawValue)", language),
            ])
        }
        return values
    }

    // MARK: Forms

    /// A posted form, URL-encoded or multipart with files.
    struct PostedForm {
        var fields: [String: String] = [:]
        var files: [(name: String, bytes: [UInt8])] = []

        func field(_ name: String) -> String { fields[name] ?? "" }
    }

    /// Reads the form, checks its CSRF token, runs the action and goes back to the declaration with what
    /// happened; a refusal (anything but not found) is said there in the reader's language.
    private func act(_ request: Request, _ context: KeruenRequestContext, done: String,
                     _ action: (PostedForm, KeruenRequestContext, Principal, String) async throws -> Void) async throws -> Response {
        guard let principal = context.scope.principal else { return portal.signInRedirect() }
        let id = context.parameters.get("id") ?? ""
        let form = try await posted(request)
        guard form.fields["csrf"] == context.sessionCSRF else { throw APIProblem.forbidden }
        do {
            try await action(form, context, principal, id)
        } catch let problem as APIProblem where problem.status != .notFound && problem.status != .unauthorized {
            return Response.redirect(to: "/declarations/\(id)?done=problem-\(problem.code)", type: .normal)
        }
        return Response.redirect(to: "/declarations/\(id)?done=\(done)", type: .normal)
    }

    private func posted(_ request: Request) async throws -> PostedForm {
        var request = request
        let body = try await request.collectBody(upTo: portal.dependencies.configuration.maximumBodySize)
        guard let boundary = request.headers[.contentType].flatMap(PortalSigningController.boundary) else {
            return PostedForm(fields: FormData(urlEncoded: String(buffer: body)).fields)
        }
        var form = PostedForm()
        var name = "", fileName: String?, bytes: [UInt8] = []
        let parser = MultipartParser(boundary: boundary)
        parser.onHeader = { field, value in
            guard field.lowercased() == "content-disposition" else { return }
            name = Self.parameter("name", in: value) ?? ""
            fileName = Self.parameter("filename", in: value)
        }
        parser.onBody = { buffer in bytes += buffer.readBytes(length: buffer.readableBytes) ?? [] }
        parser.onPartComplete = {
            if let fileName {
                if !bytes.isEmpty { form.files.append((fileName, bytes)) }
            } else {
                form.fields[name] = String(decoding: bytes, as: UTF8.self)
            }
            (name, fileName, bytes) = ("", nil, [])
        }
        do { try parser.execute(body) } catch { throw APIProblem(.badRequest, "bad-request", detail: "The form could not be read.") }
        return form
    }

    /// A `name="…"` parameter of a Content-Disposition header.
    private static func parameter(_ key: String, in header: String) -> String? {
        header.split(separator: ";").lazy.map { $0.trimmingSpaces() }.first { $0.hasPrefix("\(key)=") }
            .map { String($0.dropFirst(key.count + 1)).trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
    }

    private func upload(_ files: [(name: String, bytes: [UInt8])], _ principal: Principal) async throws -> [String] {
        var hashes: [String] = []
        for file in files { hashes.append(try await control.upload(fileName: file.name, bytes: file.bytes, principal: principal).sha256) }
        return hashes
    }
}
