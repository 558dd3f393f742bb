import KeruenAPI
import KeruenCore

extension APIHandler {
    func listCompanies(_ input: Operations.ListCompanies.Input) async throws -> Operations.ListCompanies.Output {
        _ = try RequestScope.require(.admin)
        let companies = try await dependencies.store.read { try await $0.companies.all() }
        return .ok(.init(body: .json(companies.map(APIMapping.company))))
    }

    func createCompany(_ input: Operations.CreateCompany.Input) async throws -> Operations.CreateCompany.Output {
        let principal = try RequestScope.require(.admin)
        guard case .json(let json) = input.body else { throw APIProblem(.badRequest, "bad-request") }
        let company = Company(bin: json.bin, name: json.name, address: json.address,
                              aeoStatus: json.aeoStatus.flatMap { AEOStatus(rawValue: $0.rawValue) } ?? .none)
        let created = try await admin.createCompany(company, actor: principal.username, idempotencyKey: input.headers.idempotencyKey)
        return .created(.init(body: .json(APIMapping.company(created))))
    }

    func listUsers(_ input: Operations.ListUsers.Input) async throws -> Operations.ListUsers.Output {
        _ = try RequestScope.require(.admin)
        let users = try await dependencies.store.read { try await $0.users.all() }
        return .ok(.init(body: .json(users.map(APIMapping.user))))
    }

    func createUser(_ input: Operations.CreateUser.Input) async throws -> Operations.CreateUser.Output {
        let principal = try RequestScope.require(.admin)
        guard case .json(let json) = input.body else { throw APIProblem(.badRequest, "bad-request") }
        let new = AdminWorkflow.NewUser(
            username: json.username, password: json.password, displayName: json.displayName, iin: json.iin,
            roles: Set(json.roles.compactMap { Role(rawValue: $0.rawValue) }), companyBIN: json.companyBIN, officeCode: json.officeCode,
            language: json.language.flatMap { Language(rawValue: $0.rawValue) })
        let user = try await admin.createUser(new, actor: principal.username, idempotencyKey: input.headers.idempotencyKey)
        return .created(.init(body: .json(APIMapping.user(user))))
    }

    func revokeUserTokens(_ input: Operations.RevokeUserTokens.Input) async throws -> Operations.RevokeUserTokens.Output {
        let principal = try RequestScope.require(.admin)
        try await admin.revokeTokens(username: input.path.username, actor: principal.username)
        return .noContent(.init())
    }

    func createRepresentation(_ input: Operations.CreateRepresentation.Input) async throws -> Operations.CreateRepresentation.Output {
        let principal = try RequestScope.require(.admin)
        guard case .json(let json) = input.body else { throw APIProblem(.badRequest, "bad-request") }
        var problems: [ValidationProblem] = []
        let from = CustomsDay(iso: json.validFrom)
        if from == nil { problems.append(ValidationProblem("/validFrom", expected: .date)) }
        let to = json.validTo.flatMap(CustomsDay.init(iso:))
        if json.validTo != nil && to == nil { problems.append(ValidationProblem("/validTo", expected: .date)) }
        guard let from, problems.isEmpty else { throw APIProblem.validation(problems) }
        let contract = RepresentationContract(brokerBIN: json.brokerBIN, declarantBIN: json.declarantBIN, contractNumber: json.contractNumber,
                                              validFrom: from, validTo: to)
        let created = try await admin.createRepresentation(contract, actor: principal.username, idempotencyKey: input.headers.idempotencyKey)
        return .created(.init(body: .json(.init(brokerBIN: created.brokerBIN, declarantBIN: created.declarantBIN, contractNumber: created.contractNumber,
                                                validFrom: created.validFrom.description, validTo: created.validTo?.description))))
    }
}

extension APIHandler {
    var trust: TrustWorkflow { TrustWorkflow(dependencies: dependencies) }

    func listTrustAnchors(_ input: Operations.ListTrustAnchors.Input) async throws -> Operations.ListTrustAnchors.Output {
        _ = try RequestScope.require(.admin)
        return .ok(.init(body: .json(try await dependencies.store.read { try await $0.trust.anchors() }.map(APIMapping.trustEntry))))
    }

    func addTrustAnchor(_ input: Operations.AddTrustAnchor.Input) async throws -> Operations.AddTrustAnchor.Output {
        let principal = try RequestScope.require(.admin)
        guard case .json(let json) = input.body else { throw APIProblem(.badRequest, "bad-request") }
        return .created(.init(body: .json(APIMapping.trustEntry(try await trust.addAnchor(json.data, actor: principal.username)))))
    }

    func removeTrustAnchor(_ input: Operations.RemoveTrustAnchor.Input) async throws -> Operations.RemoveTrustAnchor.Output {
        let principal = try RequestScope.require(.admin)
        try await trust.removeAnchor(fingerprint: input.path.fingerprint, actor: principal.username)
        return .noContent(.init())
    }

    func listRevocationLists(_ input: Operations.ListRevocationLists.Input) async throws -> Operations.ListRevocationLists.Output {
        _ = try RequestScope.require(.admin)
        return .ok(.init(body: .json(try await dependencies.store.read { try await $0.trust.revocationLists() }.map(APIMapping.trustEntry))))
    }

    func addRevocationList(_ input: Operations.AddRevocationList.Input) async throws -> Operations.AddRevocationList.Output {
        let principal = try RequestScope.require(.admin)
        guard case .json(let json) = input.body else { throw APIProblem(.badRequest, "bad-request") }
        return .created(.init(body: .json(APIMapping.trustEntry(try await trust.addRevocationList(json.data, actor: principal.username)))))
    }

    func setSignaturePolicy(_ input: Operations.SetSignaturePolicy.Input) async throws -> Operations.SetSignaturePolicy.Output {
        let principal = try RequestScope.require(.admin)
        guard case .json(let json) = input.body else { throw APIProblem(.badRequest, "bad-request") }
        try await trust.setSignatureRequired(json.signatureRequired, officeCode: input.path.code, actor: principal.username)
        return .ok(.init(body: .json(json)))
    }
}
