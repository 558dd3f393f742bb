import Foundation
import KeruenAPI
import KeruenCore
import OpenAPIRuntime

extension APIHandler {
    var clearance: ClearanceWorkflow { ClearanceWorkflow(dependencies: dependencies) }

    func getAssignment(_ input: Operations.GetAssignment.Input) async throws -> Operations.GetAssignment.Output {
        let assignment = try await clearance.assignment(declarationID: input.path.id, principal: try RequestScope.requirePrincipal())
        return .ok(.init(body: .json(APIMapping.assignment(assignment))))
    }

    func reassignDeclaration(_ input: Operations.ReassignDeclaration.Input) async throws -> Operations.ReassignDeclaration.Output {
        guard case .json(let json) = input.body else { throw APIProblem(.badRequest, "bad-request") }
        let assignment = try await clearance.reassign(declarationID: input.path.id, to: json.officer, reason: json.reason,
                                                      principal: try RequestScope.requirePrincipal())
        return .ok(.init(body: .json(APIMapping.assignment(assignment))))
    }

    func createShift(_ input: Operations.CreateShift.Input) async throws -> Operations.CreateShift.Output {
        guard case .json(let json) = input.body else { throw APIProblem(.badRequest, "bad-request") }
        let shift = try await clearance.addShift(officer: json.officer, startsAt: json.startsAt, endsAt: json.endsAt,
                                                 principal: try RequestScope.requirePrincipal())
        return .created(.init(body: .json(.init(id: shift.id, officer: shift.officer, officeCode: shift.officeCode, startsAt: shift.startsAt,
                                                endsAt: shift.endsAt))))
    }
}

extension APIHandler {
    func getPublicDeclarationStatus(_ input: Operations.GetPublicDeclarationStatus.Input) async throws -> Operations.GetPublicDeclarationStatus.Output {
        let found = try await clearance.publicStatus(number: input.query.number, declarantBIN: input.query.declarant)
        return .ok(.init(body: .json(.init(number: found.number, status: found.status.rawValue, registeredAt: found.registeredAt, since: found.since))))
    }
}

extension APIMapping {
    static func assignment(_ assignment: Assignment) -> Components.Schemas.Assignment {
        .init(officer: assignment.officer, assignedAt: assignment.assignedAt, assignedBy: assignment.assignedBy, reason: assignment.reason)
    }
}

extension APIHandler {
    var control: ControlWorkflow { ControlWorkflow(dependencies: dependencies) }

    func listExaminations(_ input: Operations.ListExaminations.Input) async throws -> Operations.ListExaminations.Output {
        let principal = try RequestScope.requirePrincipal()
        guard principal.hasAny(.officer, .supervisor, .riskAnalyst) else { throw APIProblem.notFound }
        return .ok(.init(body: .json(try await control.control(declarationID: input.path.id, principal: principal).examinations.map(APIMapping.examination))))
    }

    func orderExamination(_ input: Operations.OrderExamination.Input) async throws -> Operations.OrderExamination.Output {
        guard case .json(let json) = input.body else { throw APIProblem(.badRequest, "bad-request") }
        let order = ControlWorkflow.Order(type: ExaminationType(rawValue: json._type.rawValue)!, scope: json.scope, place: json.place, examiner: json.examiner)
        let examination = try await control.orderExamination(declarationID: input.path.id, order, principal: try RequestScope.requirePrincipal())
        return .created(.init(body: .json(APIMapping.examination(examination))))
    }

    func recordExaminationResult(_ input: Operations.RecordExaminationResult.Input) async throws -> Operations.RecordExaminationResult.Output {
        guard case .json(let json) = input.body else { throw APIProblem(.badRequest, "bad-request") }
        let result = Examination.Result(outcome: ControlResult.Outcome(rawValue: json.outcome.rawValue)!,
                                        violationKind: json.violationKind.flatMap { ControlResult.ViolationKind(rawValue: $0.rawValue) },
                                        findings: json.findings, sealsApplied: json.sealsApplied ?? [], sealsRemoved: json.sealsRemoved ?? [],
                                        attachments: json.attachments ?? [], conclusion: json.conclusion, recordedBy: "", recordedAt: .distantPast)
        let examination = try await control.recordExamination(declarationID: input.path.id, examinationID: input.path.examinationId, result,
                                                               principal: try RequestScope.requirePrincipal())
        return .ok(.init(body: .json(APIMapping.examination(examination))))
    }

    func listDocumentRequests(_ input: Operations.ListDocumentRequests.Input) async throws -> Operations.ListDocumentRequests.Output {
        let requests = try await control.control(declarationID: input.path.id, principal: try RequestScope.requirePrincipal()).requests
        return .ok(.init(body: .json(requests.map(APIMapping.documentRequest))))
    }

    func requestDocuments(_ input: Operations.RequestDocuments.Input) async throws -> Operations.RequestDocuments.Output {
        guard case .json(let json) = input.body else { throw APIProblem(.badRequest, "bad-request") }
        let request = try await control.requestDocuments(declarationID: input.path.id, text: json.text, principal: try RequestScope.requirePrincipal())
        return .created(.init(body: .json(APIMapping.documentRequest(request))))
    }

    func answerDocumentRequest(_ input: Operations.AnswerDocumentRequest.Input) async throws -> Operations.AnswerDocumentRequest.Output {
        guard case .json(let json) = input.body else { throw APIProblem(.badRequest, "bad-request") }
        let request = try await control.answer(declarationID: input.path.id, requestID: input.path.requestId, text: json.text,
                                               attachments: json.attachments ?? [], principal: try RequestScope.requirePrincipal())
        return .ok(.init(body: .json(APIMapping.documentRequest(request))))
    }

    func uploadAttachment(_ input: Operations.UploadAttachment.Input) async throws -> Operations.UploadAttachment.Output {
        guard case .json(let json) = input.body else { throw APIProblem(.badRequest, "bad-request") }
        guard let bytes = Data(base64Encoded: json.content, options: .ignoreUnknownCharacters) else {
            throw APIProblem.validation([ValidationProblem("/content", expected: .base64)])
        }
        let attachment = try await control.upload(fileName: json.fileName, bytes: Array(bytes), principal: try RequestScope.requirePrincipal())
        return .created(.init(body: .json(.init(sha256: attachment.sha256, mediaType: attachment.mediaType.rawValue, size: attachment.size,
                                                fileName: attachment.fileName, uploadedBy: attachment.uploadedBy, uploadedAt: attachment.uploadedAt))))
    }

    func getAttachment(_ input: Operations.GetAttachment.Input) async throws -> Operations.GetAttachment.Output {
        let (attachment, bytes) = try await control.attachment(sha256: input.path.sha256, principal: try RequestScope.requirePrincipal())
        let body = HTTPBody(bytes)
        let typed: Operations.GetAttachment.Output.Ok.Body = switch attachment.mediaType {
        case .jpeg: .jpeg(body)
        case .png: .png(body)
        case .tiff: .imageTiff(body)
        case .pdf: .pdf(body)
        }
        return .ok(.init(body: typed))
    }

    func registerConnection(_ input: Operations.RegisterConnection.Input) async throws -> Operations.RegisterConnection.Output {
        guard case .json(let json) = input.body else { throw APIProblem(.badRequest, "bad-request") }
        try await control.connect(username: json.username, companyBIN: json.companyBIN, note: json.note, principal: try RequestScope.requirePrincipal())
        return .noContent(.init())
    }
}

extension APIMapping {
    static func examination(_ e: Examination) -> Components.Schemas.Examination {
        .init(id: e.id, _type: e.type.rawValue, scope: e.scope, place: e.place, examiner: e.examiner, orderedBy: e.orderedBy, orderedAt: e.orderedAt,
              result: e.result.map { r in
                  .init(outcome: r.outcome.rawValue, violationKind: r.violationKind?.rawValue, findings: r.findings, sealsApplied: r.sealsApplied,
                        sealsRemoved: r.sealsRemoved, attachments: r.attachments, conclusion: r.conclusion, recordedBy: r.recordedBy, recordedAt: r.recordedAt)
              })
    }

    static func documentRequest(_ r: DocumentRequest) -> Components.Schemas.DocumentRequest {
        .init(id: r.id, text: r.text, requestedBy: r.requestedBy, requestedAt: r.requestedAt,
              answer: r.answer.map { .init(text: $0.text, attachments: $0.attachments, answeredBy: $0.answeredBy, answeredAt: $0.answeredAt) })
    }
}

extension APIHandler {
    var webhooks: WebhookWorkflow { WebhookWorkflow(dependencies: dependencies) }

    func listWebhooks(_ input: Operations.ListWebhooks.Input) async throws -> Operations.ListWebhooks.Output {
        .ok(.init(body: .json(try await webhooks.subscriptions(principal: try RequestScope.requirePrincipal()).map { APIMapping.webhook($0) })))
    }

    func subscribeWebhook(_ input: Operations.SubscribeWebhook.Input) async throws -> Operations.SubscribeWebhook.Output {
        guard case .json(let json) = input.body else { throw APIProblem(.badRequest, "bad-request") }
        let (subscription, secret) = try await webhooks.subscribe(url: json.url, principal: try RequestScope.requirePrincipal())
        return .created(.init(body: .json(APIMapping.webhook(subscription, secret: secret))))
    }

    func removeWebhook(_ input: Operations.RemoveWebhook.Input) async throws -> Operations.RemoveWebhook.Output {
        try await webhooks.remove(id: input.path.webhookId, principal: try RequestScope.requirePrincipal())
        return .noContent(.init())
    }

    func listWebhookDeliveries(_ input: Operations.ListWebhookDeliveries.Input) async throws -> Operations.ListWebhookDeliveries.Output {
        let deliveries = try await webhooks.deliveries(subscriptionID: input.path.webhookId, principal: try RequestScope.requirePrincipal())
        return .ok(.init(body: .json(deliveries.map { d in
            .init(id: d.id, event: d.event, declarationId: d.declarationID, payload: d.payload, createdAt: d.createdAt,
                  status: .init(rawValue: d.status.rawValue)!, nextAttemptAt: d.nextAttemptAt,
                  attempts: d.attempts.map { .init(at: $0.at, statusCode: $0.statusCode, error: $0.error) })
        })))
    }
}

extension APIMapping {
    static func webhook(_ s: WebhookSubscription, secret: String? = nil) -> Components.Schemas.Webhook {
        .init(id: s.id, url: s.url, createdBy: s.createdBy, createdAt: s.createdAt, secret: secret)
    }
}
