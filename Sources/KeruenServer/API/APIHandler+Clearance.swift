import Foundation
import KeruenAPI
import KeruenCore

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
