import Crypto
import Foundation
import KeruenCore
import KeruenStore

/// Documentary and physical control of a registered declaration: examinations ordered and their
/// results, requests for documents and the declarants' answers, the files attached to them, and the
/// separation of duties every officer's action passes (``DutySeparation``). Every action is one
/// transaction with its audit record and an entry in the declaration's history; every refusal is
/// audited too (``AppDependencies/recordingRefusal(_:objectType:objectID:principal:_:)``).
struct ControlWorkflow: Sendable {
    let dependencies: AppDependencies
    var store: Store { dependencies.store }

    static let longestText = 2000
    static let mostAttachments = 20
    static let mostSeals = 50

    // MARK: Separation of duties

    /// Throws the refusal if the principal may not take `action` on the declaration as it stands in `session`.
    func checkDuties(_ action: DutySeparation.Action, on declaration: Declaration, principal: Principal, in session: StoreSession) async throws {
        let duties = DutySeparation(actor: principal.username, isSupervisor: principal.has(.supervisor),
                                    connectedBINs: try await session.control.connectedBINs(username: principal.username))
        let control = DutySeparation.Case(
            declarantBIN: declaration.content.declarant?.identificationNumber, representativeBIN: declaration.content.representative?.identificationNumber,
            assignedOfficer: try await session.assignments.find(declarationID: declaration.id)?.officer,
            channel: try await session.risk.channel(declarationID: declaration.id),
            examinations: action == .decide(.release) ? try await session.control.examinations(declarationID: declaration.id) : [])
        if let refusal = duties.refusal(of: action, in: control) { throw APIProblem.duty(refusal) }
    }

    // MARK: Examinations

    struct Order: Sendable {
        var type: ExaminationType
        var scope: String
        var place: String
        /// The examining officer; the ordering officer if nil.
        var examiner: String?
    }

    func orderExamination(declarationID: String, _ order: Order, principal: Principal) async throws -> Examination {
        try await dependencies.recordingRefusal("examination.order", objectID: declarationID, principal: principal) {
            guard principal.hasAny(.officer, .supervisor) else { throw APIProblem.forbidden }
            let scope = String(order.scope.trimmingSpaces()), place = String(order.place.trimmingSpaces())
            let found = requiredText(scope, at: "/scope") + requiredText(place, at: "/place")
            let examinerName = order.examiner.map { String($0.trimmingSpaces()) }.flatMap { $0.isEmpty ? nil : $0 } ?? principal.username
            return try await store.write { session in
                let now = dependencies.clock()
                let declaration = try await registered(declarationID, principal: principal, in: session, for: "examined")
                var problems = found
                let examiner = try await session.users.find(username: examinerName)
                if examiner?.isOfficer(of: declaration.content.officeCode) != true {
                    problems.append(ValidationProblem("/examiner", .unknownCode))
                }
                if !problems.isEmpty { throw APIProblem.validation(problems) }
                try await checkDuties(.orderExamination, on: declaration, principal: principal, in: session)
                let examination = Examination(id: TimeOrderedID.make(at: now), declarationID: declarationID, type: order.type, scope: scope,
                                              place: place, examiner: examinerName, orderedBy: principal.username, orderedAt: now)
                try await session.control.insert(examination)
                try await recordStep("examination.order", "examination ordered: \(order.type.rawValue), \(place)", of: declaration, state: examination,
                                     notifying: true, by: principal, at: now, in: session)
                return examination
            }
        }
    }

    /// The examiner's result; it is also the declaration's control result for the risk feedback, unless one is recorded already.
    func recordExamination(declarationID: String, examinationID: String, _ result: Examination.Result, principal: Principal) async throws -> Examination {
        try await dependencies.recordingRefusal("examination.result", objectID: declarationID, principal: principal) {
            guard principal.hasAny(.officer, .supervisor) else { throw APIProblem.forbidden }
            var trimmed = result
            trimmed.findings = String(result.findings.trimmingSpaces())
            trimmed.conclusion = String(result.conclusion.trimmingSpaces())
            var found = requiredText(trimmed.findings, at: "/findings") + requiredText(trimmed.conclusion, at: "/conclusion")
            if result.outcome.foundViolation, result.violationKind == nil { found.append(ValidationProblem("/violationKind", .required)) }
            if !result.outcome.foundViolation, result.violationKind != nil { found.append(ValidationProblem("/violationKind", expected: .permittedValue)) }
            found += seals(result.sealsApplied, at: "/sealsApplied") + seals(result.sealsRemoved, at: "/sealsRemoved")
            return try await store.write { [trimmed, found] session in
                let now = dependencies.clock()
                var result = trimmed, problems = found
                let declaration = try await registered(declarationID, principal: principal, in: session, for: "examined")
                let examinations = try await session.control.examinations(declarationID: declarationID)
                guard var examination = examinations.first(where: { $0.id == examinationID }) else {
                    throw APIProblem(.conflict, "no-examination-ordered", detail: "No examination \(examinationID) is ordered for this declaration.")
                }
                problems += try await attachmentProblems(result.attachments, at: "/attachments", in: session)
                if !problems.isEmpty { throw APIProblem.validation(problems) }
                try await checkDuties(.recordExamination(examiner: examination.examiner), on: declaration, principal: principal, in: session)
                result.recordedBy = principal.username
                result.recordedAt = now
                guard try await session.control.record(result, examinationID: examinationID) else {
                    throw APIProblem(.conflict, "examination-recorded", detail: "This examination's result is recorded already.")
                }
                examination.result = result
                _ = try await session.risk.insert(ControlResult(declarationID: declarationID, outcome: result.outcome, violationKind: result.violationKind,
                                                                note: result.conclusion, officer: principal.username, recordedAt: now),
                                                  declarantBIN: declaration.content.declarant?.identificationNumber)
                try await recordStep("examination.result", "examination completed: \(result.outcome.rawValue)", of: declaration, state: examination,
                                     notifying: false, by: principal, at: now, in: session)
                return examination
            }
        }
    }

    // MARK: Requests for documents

    func requestDocuments(declarationID: String, text: String, principal: Principal) async throws -> DocumentRequest {
        try await dependencies.recordingRefusal("documents.request", objectID: declarationID, principal: principal) {
            guard principal.hasAny(.officer, .supervisor) else { throw APIProblem.forbidden }
            let text = String(text.trimmingSpaces())
            let problems = requiredText(text, at: "/text")
            return try await store.write { session in
                let now = dependencies.clock()
                let declaration = try await registered(declarationID, principal: principal, in: session, for: "asked for documents")
                if !problems.isEmpty { throw APIProblem.validation(problems) }
                try await checkDuties(.requestDocuments, on: declaration, principal: principal, in: session)
                let request = DocumentRequest(id: TimeOrderedID.make(at: now), declarationID: declarationID, text: text,
                                              requestedBy: principal.username, requestedAt: now)
                try await session.control.insert(request)
                try await recordStep("documents.request", "documents requested: \(text)", of: declaration, state: request, notifying: true,
                                     by: principal, at: now, in: session)
                return request
            }
        }
    }

    /// The declarant's (or its broker's) answer, which restarts the clearance clock.
    func answer(declarationID: String, requestID: String, text: String, attachments: [String], principal: Principal) async throws -> DocumentRequest {
        try await dependencies.recordingRefusal("documents.answer", objectID: declarationID, principal: principal) {
            guard FilingRights(principal: principal).mayFile else { throw APIProblem.forbidden }
            let text = String(text.trimmingSpaces())
            let found = requiredText(text, at: "/text")
            return try await store.write { session in
                let now = dependencies.clock()
                var problems = found
                let declaration = try await DeclarationWorkflow(dependencies: dependencies).visible(id: declarationID, principal: principal, in: session)
                    .declaration
                guard var request = try await session.control.requests(declarationID: declarationID).first(where: { $0.id == requestID }) else {
                    throw APIProblem.notFound
                }
                problems += try await attachmentProblems(attachments, at: "/attachments", in: session)
                if !problems.isEmpty { throw APIProblem.validation(problems) }
                guard declaration.status == .registered else {
                    throw APIProblem.invalidState("This declaration is \(declaration.status.rawValue); the request no longer waits for an answer.")
                }
                let answer = DocumentRequest.Answer(text: text, attachments: attachments, answeredBy: principal.username, answeredAt: now)
                guard try await session.control.answer(answer, requestID: requestID) else {
                    throw APIProblem(.conflict, "request-answered", detail: "This request is answered already.")
                }
                request.answer = answer
                try await recordStep("documents.answer", "documents provided", of: declaration, state: request, notifying: false,
                                     by: principal, at: now, in: session)
                return request
            }
        }
    }

    /// A declaration's examinations and requests for documents. Traders see the requests (they answer
    /// them); of the examinations only what the history says (ordered, completed), not the officers' findings.
    func control(declarationID: String, principal: Principal) async throws -> Control {
        try await store.read { session in
            _ = try await DeclarationWorkflow(dependencies: dependencies).visible(id: declarationID, principal: principal, in: session)
            let examinations = principal.hasAny(.officer, .supervisor, .riskAnalyst) ? try await session.control.examinations(declarationID: declarationID) : []
            let requests = try await session.control.requests(declarationID: declarationID)
            let hashes = requests.flatMap { $0.answer?.attachments ?? [] } + examinations.flatMap { $0.result?.attachments ?? [] }
            return Control(examinations: examinations, requests: requests, attachments: try await session.control.attachments(hashes))
        }
    }

    /// A declaration's control: its examinations, requests for documents and the files attached to either.
    struct Control: Sendable {
        var examinations: [Examination]
        var requests: [DocumentRequest]
        var attachments: [Attachment]
    }

    /// What the officer weighs a declaration against, in one read: the declarant's record (registrations counted
    /// up to `counted`), its latest declarations, and the latest declarations of the same goods (the first item's code).
    func background(of declaration: Declaration, principal: Principal, counted: Int, limit: Int)
        async throws -> (record: ComplianceRecord?, declarant: [DeclarationRepository.Summary], goods: [DeclarationRepository.Summary]) {
        guard principal.hasAny(.officer, .supervisor) else { throw APIProblem.forbidden }
        let scope = dependencies.scope(of: principal)
        let bin = declaration.content.declarant?.identificationNumber, code = declaration.content.items.first?.commodityCode
        return try await store.read { session in
            func latest(_ filter: DeclarationRepository.Filter) async throws -> [DeclarationRepository.Summary] {
                Array(try await session.declarations.list(scope: scope, filter: filter, after: nil, limit: limit + 1)
                    .filter { $0.id != declaration.id }.prefix(limit))
            }
            return (try await bin.asyncMap { try await session.risk.compliance(bin: $0, countingRegistrationsUpTo: counted) },
                    try await bin.asyncMap { try await latest(.init(declarantBIN: $0)) } ?? [],
                    try await code.asyncMap { try await latest(.init(commodityPrefix: $0)) } ?? [])
        }
    }

    // MARK: Attachments

    /// Keeps a file under the SHA-256 of its bytes: an image (JPEG, PNG, TIFF) or a PDF, recognised by
    /// its first bytes, no larger than the configured size.
    func upload(fileName: String, bytes: [UInt8], principal: Principal) async throws -> Attachment {
        let sha256 = SHA256.hash(data: bytes).hex
        return try await dependencies.recordingRefusal("attachment.upload", objectType: "attachment", objectID: sha256, principal: principal) {
            let limit = dependencies.configuration.maximumAttachmentSize
            guard bytes.count <= limit else {
                throw APIProblem(.contentTooLarge, "attachment-too-large", detail: "A file may have at most \(limit) bytes; this one has \(bytes.count).")
            }
            guard !bytes.isEmpty else { throw APIProblem.validation([ValidationProblem("/content", .required)]) }
            guard let mediaType = Attachment.MediaType.of(bytes) else {
                throw APIProblem(.unsupportedMediaType, "attachment-type", detail: "Only images (JPEG, PNG, TIFF) and PDF documents are accepted.")
            }
            let name = String(fileName.trimmingSpaces().prefix(200))
            let now = dependencies.clock()
            let attachment = Attachment(sha256: sha256, mediaType: mediaType, size: bytes.count, fileName: name.isEmpty ? sha256 : name,
                                        uploadedBy: principal.username, uploadedAt: now)
            try await store.write { session in
                try await session.control.insert(attachment, content: bytes)
                session.record(AuditEntry(actor: principal.username, action: "attachment.upload", objectType: "attachment", objectID: sha256, at: now,
                                          stateDigest: sha256))
            }
            return try await store.read { try await $0.control.attachments([sha256]).first } ?? attachment
        }
    }

    /// A file's bytes, for customs and for whoever uploaded it.
    func attachment(sha256: String, principal: Principal) async throws -> (attachment: Attachment, bytes: [UInt8]) {
        let found = try await store.read { session in
            (try await session.control.attachments([sha256]).first, try await session.control.content(sha256: sha256))
        }
        guard let attachment = found.0, let content = found.1,
              principal.hasAny(.officer, .supervisor, .riskAnalyst) || attachment.uploadedBy == principal.username else { throw APIProblem.notFound }
        return (attachment, content.bytes)
    }

    // MARK: Connections

    /// An administrator's registration that an officer is connected to a company: he will not be
    /// assigned its declarations, nor may act on them.
    func connect(username: String, companyBIN: String, note: String, principal: Principal) async throws {
        guard principal.has(.admin) else { throw APIProblem.forbidden }
        var problems: [ValidationProblem] = []
        if !IdentificationNumber.isValid(companyBIN) { problems.append(ValidationProblem("/companyBIN", .invalidCheckDigit)) }
        problems += requiredText(String(note.trimmingSpaces()), at: "/note")
        let user = try await store.read { try await $0.users.find(username: username) }
        if user?.roles.isDisjoint(with: [.officer, .supervisor]) != false { problems.append(ValidationProblem("/username", .unknownCode)) }
        if !problems.isEmpty { throw APIProblem.validation(problems) }
        let now = dependencies.clock()
        try await store.write { session in
            guard try await session.control.connect(username: username, companyBIN: companyBIN, note: String(note.trimmingSpaces()),
                                                    by: principal.username, at: now) else { return }
            session.record(AuditEntry(actor: principal.username, action: "officer.connect", objectType: "user", objectID: username, at: now,
                                      stateDigest: companyBIN))
        }
    }

    // MARK: Helpers

    /// The declaration, which must be registered (not yet decided) for the action.
    private func registered(_ id: String, principal: Principal, in session: StoreSession, for purpose: String) async throws -> Declaration {
        let declaration = try await DeclarationWorkflow(dependencies: dependencies).visible(id: id, principal: principal, in: session).declaration
        guard declaration.status == .registered else {
            throw APIProblem.invalidState("Only a registered declaration is \(purpose); this one is \(declaration.status.rawValue).")
        }
        return declaration
    }

    /// A step of control: an entry in the declaration's history (its status unchanged, so the trader's timeline
    /// shows it), its audit record, and for what the trader must act on (documents to send, goods to present) a webhook.
    private func recordStep(_ action: String, _ text: String, of declaration: Declaration, state: some Encodable, notifying: Bool,
                            by principal: Principal, at now: Date, in session: StoreSession) async throws {
        try await session.declarations.addEvents(declarationID: declaration.id, [
            StatusChange(status: declaration.status, at: now, actor: principal.username, note: String(text.prefix(300))),
        ])
        session.record(AuditEntry(actor: principal.username, action: action, objectType: "declaration", objectID: declaration.id, at: now,
                                  stateDigest: try StateDigest.of(state)))
        if notifying { try await WebhookWorkflow(dependencies: dependencies).notify(action, declaration, in: session, at: now) }
    }

    private func requiredText(_ text: String, at pointer: String) -> [ValidationProblem] {
        if text.isEmpty { return [ValidationProblem(pointer, .required)] }
        if text.count > Self.longestText { return [ValidationProblem(pointer, .tooLong, ["maximum": "\(Self.longestText)"])] }
        return []
    }

    private func seals(_ seals: [String], at pointer: String) -> [ValidationProblem] {
        if seals.count > Self.mostSeals { return [ValidationProblem(pointer, .tooMany, ["maximum": "\(Self.mostSeals)"])] }
        return seals.enumerated().compactMap { index, seal in
            let seal = seal.trimmingSpaces()
            return seal.isEmpty || seal.count > 40 ? ValidationProblem("\(pointer)/\(index)", expected: .sealNumber) : nil
        }
    }

    /// Each hash must name a file kept here.
    private func attachmentProblems(_ hashes: [String], at pointer: String, in session: StoreSession) async throws -> [ValidationProblem] {
        if hashes.count > Self.mostAttachments { return [ValidationProblem(pointer, .tooMany, ["maximum": "\(Self.mostAttachments)"])] }
        let kept = Set(try await session.control.attachments(hashes).map(\.sha256))
        return hashes.enumerated().filter { !kept.contains($0.element) }.map { ValidationProblem("\(pointer)/\($0.offset)", .unknownCode) }
    }
}

extension APIProblem {
    /// A refusal by the separation of duties: 403 with its own code.
    static func duty(_ refusal: DutySeparation.Refusal) -> APIProblem {
        let detail = switch refusal {
        case .notAssigned: "This declaration is assigned to another officer; a supervisor may reassign it."
        case .connectedCompany: "You are registered as connected to the declarant or its representative; another officer must act."
        case .supervisorApprovalRequired: "The examination you ordered found a violation; a supervisor must release this declaration."
        }
        return APIProblem(.forbidden, refusal.rawValue, detail: detail)
    }
}

private extension Optional {
    func asyncMap<Mapped>(_ transform: (Wrapped) async throws -> Mapped) async rethrows -> Mapped? {
        guard let self else { return nil }
        return try await transform(self)
    }
}
