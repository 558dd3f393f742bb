import Foundation
import KeruenAPI
import KeruenCore
import KeruenStore

extension APIHandler {
    private func body(_ declaration: Declaration) -> Components.Schemas.Declaration {
        APIMapping.declaration(declaration, language: language, localizer: dependencies.localizer)
    }

    func createDeclaration(_ input: Operations.CreateDeclaration.Input) async throws -> Operations.CreateDeclaration.Output {
        let principal = try RequestScope.requirePrincipal()
        guard case .json(let json) = input.body else { throw APIProblem(.badRequest, "bad-request") }
        let declaration = try await declarations.create(APIMapping.content(json), principal: principal, idempotencyKey: input.headers.idempotencyKey)
        return .created(.init(headers: .init(eTag: APIMapping.eTag(declaration), location: "/api/v1/declarations/\(declaration.id)"),
                              body: .json(body(declaration))))
    }

    func listDeclarations(_ input: Operations.ListDeclarations.Input) async throws -> Operations.ListDeclarations.Output {
        let principal = try RequestScope.requirePrincipal()
        let q = input.query
        var problems: [ValidationProblem] = []
        func day(_ text: String?, _ name: String) -> CustomsDay? {
            guard let text else { return nil }
            guard let day = CustomsDay(iso: text) else {
                problems.append(ValidationProblem("/\(name)", expected: .date))
                return nil
            }
            return day
        }
        let from = day(q.registeredFrom, "registeredFrom")
        let to = day(q.registeredTo, "registeredTo")
        if let prefix = q.commodityCode, prefix.isEmpty || prefix.count > 10 || !prefix.allSatisfy({ $0.isASCII && $0.isNumber }) {
            problems.append(ValidationProblem("/commodityCode", expected: .commodityPrefix))
        }
        if !problems.isEmpty { throw APIProblem.validation(problems) }
        let filter = DeclarationRepository.Filter(
            status: q.status.flatMap { DeclarationStatus(rawValue: $0.rawValue) }, officeCode: q.office, declarantBIN: q.declarant,
            registeredFrom: from?.start, registeredBefore: to?.end, commodityPrefix: q.commodityCode, assignedTo: q.assignedTo)
        let page = try await declarations.list(principal: principal, filter: filter, cursor: q.cursor, limit: q.limit)
        return .ok(.init(body: .json(.init(items: page.items.map(APIMapping.summary), nextCursor: page.nextCursor))))
    }

    func getDeclaration(_ input: Operations.GetDeclaration.Input) async throws -> Operations.GetDeclaration.Output {
        let declaration = try await declarations.get(id: input.path.id, principal: try RequestScope.requirePrincipal())
        return .ok(.init(headers: .init(eTag: APIMapping.eTag(declaration)), body: .json(body(declaration))))
    }

    func updateDeclaration(_ input: Operations.UpdateDeclaration.Input) async throws -> Operations.UpdateDeclaration.Output {
        let principal = try RequestScope.requirePrincipal()
        guard let version = try APIMapping.version(ifMatch: input.headers.ifMatch) else { throw APIProblem.preconditionRequired }
        guard case .json(let json) = input.body else { throw APIProblem(.badRequest, "bad-request") }
        let declaration = try await declarations.update(id: input.path.id, content: APIMapping.content(json), expectedVersion: version, principal: principal)
        return .ok(.init(headers: .init(eTag: APIMapping.eTag(declaration)), body: .json(body(declaration))))
    }

    func validateDeclaration(_ input: Operations.ValidateDeclaration.Input) async throws -> Operations.ValidateDeclaration.Output {
        let problems = try await declarations.validate(id: input.path.id, principal: try RequestScope.requirePrincipal())
        return .ok(.init(body: .json(.init(valid: problems.isEmpty,
                                           problems: APIMapping.fieldProblems(problems, language: language, localizer: dependencies.localizer)))))
    }

    func submitDeclaration(_ input: Operations.SubmitDeclaration.Input) async throws -> Operations.SubmitDeclaration.Output {
        var signature: String?
        if case .json(let json) = input.body { signature = json.signature }
        let declaration = try await declarations.submit(
            id: input.path.id, expectedVersion: try APIMapping.version(ifMatch: input.headers.ifMatch),
            principal: try RequestScope.requirePrincipal(), idempotencyKey: input.headers.idempotencyKey,
            signature: try APIMapping.signatureBytes(signature))
        return .ok(.init(headers: .init(eTag: APIMapping.eTag(declaration)), body: .json(body(declaration))))
    }

    func withdrawDeclaration(_ input: Operations.WithdrawDeclaration.Input) async throws -> Operations.WithdrawDeclaration.Output {
        let declaration = try await declarations.withdraw(
            id: input.path.id, expectedVersion: try APIMapping.version(ifMatch: input.headers.ifMatch),
            principal: try RequestScope.requirePrincipal(), idempotencyKey: input.headers.idempotencyKey)
        return .ok(.init(headers: .init(eTag: APIMapping.eTag(declaration)), body: .json(body(declaration))))
    }

    func getDeclarationHistory(_ input: Operations.GetDeclarationHistory.Input) async throws -> Operations.GetDeclarationHistory.Output {
        let history = try await declarations.history(id: input.path.id, principal: try RequestScope.requirePrincipal())
        return .ok(.init(body: .json(history.map {
            .init(status: .init(rawValue: $0.status.rawValue)!, at: $0.at, actor: $0.actor, note: $0.note)
        })))
    }
}
