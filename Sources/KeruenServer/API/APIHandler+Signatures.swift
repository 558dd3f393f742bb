import Foundation
import KeruenAPI
import KeruenCore
import KeruenStore
import OpenAPIRuntime

extension APIHandler {
    func getSigningPayload(_ input: Operations.GetSigningPayload.Input) async throws -> Operations.GetSigningPayload.Output {
        let (payload, version) = try await declarations.signingPayload(id: input.path.id, principal: try RequestScope.requirePrincipal())
        return .ok(.init(headers: .init(eTag: "\"\(version)\"", contentDisposition: "attachment; filename=\"declaration-\(input.path.id)-v\(version).json\""),
                         body: .binary(HTTPBody(payload.bytes))))
    }

    func listSignatures(_ input: Operations.ListSignatures.Input) async throws -> Operations.ListSignatures.Output {
        let signatures = try await declarations.signatures(id: input.path.id, principal: try RequestScope.requirePrincipal())
        return .ok(.init(body: .json(signatures.map(APIMapping.signature))))
    }

    func getDecisionPayload(_ input: Operations.GetDecisionPayload.Input) async throws -> Operations.GetDecisionPayload.Output {
        guard case .json(let json) = input.body else { throw APIProblem(.badRequest, "bad-request") }
        let payload = try await declarations.decisionPayload(id: input.path.id, decision: OfficerDecision(json.decision), reasons: json.reasons,
                                                             principal: try RequestScope.requirePrincipal())
        return .ok(.init(body: .binary(HTTPBody(payload.bytes))))
    }

    func decideDeclaration(_ input: Operations.DecideDeclaration.Input) async throws -> Operations.DecideDeclaration.Output {
        guard case .json(let json) = input.body else { throw APIProblem(.badRequest, "bad-request") }
        let declaration = try await declarations.decide(
            id: input.path.id, decision: OfficerDecision(json.decision), reasons: json.reasons,
            expectedVersion: try APIMapping.version(ifMatch: input.headers.ifMatch), principal: try RequestScope.requirePrincipal(),
            idempotencyKey: input.headers.idempotencyKey, signature: try APIMapping.signatureBytes(json.signature))
        return .ok(.init(headers: .init(eTag: APIMapping.eTag(declaration)),
                         body: .json(APIMapping.declaration(declaration, language: language, localizer: dependencies.localizer))))
    }

    func listAuditCheckpoints(_ input: Operations.ListAuditCheckpoints.Input) async throws -> Operations.ListAuditCheckpoints.Output {
        let checkpoints = try await dependencies.store.read { try await $0.checkpoints.all() }
        return .ok(.init(body: .json(checkpoints.map(APIMapping.checkpoint))))
    }

    func createAuditCheckpoint(_ input: Operations.CreateAuditCheckpoint.Input) async throws -> Operations.CreateAuditCheckpoint.Output {
        _ = try RequestScope.require(.admin)
        return .created(.init(body: .json(APIMapping.checkpoint(try await AuditCheckpoints(dependencies: dependencies).sign()))))
    }
}

extension OfficerDecision {
    init(_ wire: Components.Schemas.DecisionRequest.DecisionPayload) {
        self = OfficerDecision(rawValue: wire.rawValue)!
    }
}
