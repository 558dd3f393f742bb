import Foundation
import KeruenCore
import KeruenStore

/// Administration: companies, users and brokers' representation contracts. Used by the admin API,
/// `keruen user add` and the demo data set.
public struct AdminWorkflow: Sendable {
    let dependencies: AppDependencies

    public init(dependencies: AppDependencies) {
        self.dependencies = dependencies
    }

    public struct NewUser: Codable, Sendable {
        public var username: String
        public var password: String
        public var displayName: String
        public var iin: String?
        public var roles: Set<Role>
        public var companyBIN: String?
        public var officeCode: String?
        public var language: Language?

        public init(username: String, password: String, displayName: String, iin: String? = nil, roles: Set<Role>,
                    companyBIN: String? = nil, officeCode: String? = nil, language: Language? = nil) {
            self.username = username
            self.password = password
            self.displayName = displayName
            self.iin = iin
            self.roles = roles
            self.companyBIN = companyBIN
            self.officeCode = officeCode
            self.language = language
        }
    }

    public func createCompany(_ company: Company, actor: String, idempotencyKey: String? = nil) async throws -> Company {
        var problems: [ValidationProblem] = []
        if !IdentificationNumber.isValid(company.bin) { problems.append(ValidationProblem("/bin", .invalidCheckDigit)) }
        if company.name.trimmingCharacters(in: .whitespaces).isEmpty { problems.append(ValidationProblem("/name", .required)) }
        if company.name.count > DeclarationValidator.Limit.name { problems.append(ValidationProblem("/name", .tooLong, ["maximum": "\(DeclarationValidator.Limit.name)"])) }
        if company.address.count > DeclarationValidator.Limit.address { problems.append(ValidationProblem("/address", .tooLong, ["maximum": "\(DeclarationValidator.Limit.address)"])) }
        if !problems.isEmpty { throw APIProblem.validation(problems) }
        let request = try IdempotentRequest(key: idempotencyKey, principal: actor, operation: "company.create", body: company)
        return try await dependencies.store.write { session in
            let now = dependencies.clock()
            return try await IdempotentRequest.run(request, in: session, now: now) {
                if try await session.companies.find(bin: company.bin) != nil {
                    throw APIProblem(.conflict, "conflict", detail: "A company with BIN \(company.bin) exists.")
                }
                try await session.companies.insert(company, at: now)
                session.record(AuditEntry(actor: actor, action: "company.create", objectType: "company", objectID: company.bin, at: now, stateDigest: try stateDigest(of: company)))
                return company
            }
        }
    }

    /// Creates a user; the answer never contains the password or its hash.
    public func createUser(_ new: NewUser, actor: String, idempotencyKey: String? = nil) async throws -> UserAccount {
        var problems: [ValidationProblem] = []
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-_."))
        if new.username.isEmpty || new.username.count > 64 || new.username.unicodeScalars.contains(where: { !allowed.contains($0) }) {
            problems.append(ValidationProblem("/username", expected: .username))
        }
        if new.password.count < 4 { problems.append(ValidationProblem("/password", .required)) }
        if new.displayName.isEmpty { problems.append(ValidationProblem("/displayName", .required)) }
        let formatProblems = problems
        let request = try IdempotentRequest(key: idempotencyKey, principal: actor, operation: "user.create", body: new)
        let hash = try await dependencies.passwords.hash(new.password)
        return try await dependencies.store.write { session in
            let now = dependencies.clock()
            let user = UserAccount(id: TimeOrderedID.make(at: now), username: new.username, passwordHash: hash, displayName: new.displayName,
                                   iin: new.iin, roles: new.roles, companyBIN: new.companyBIN, officeCode: new.officeCode, language: new.language ?? .ru)
            let companyExists = try await new.companyBIN.asyncMap { try await session.companies.find(bin: $0) } != nil
            let scopeProblems = user.scopeProblems(companyExists: companyExists, officeExists: new.officeCode.flatMap(dependencies.reference.office) != nil)
            if !(formatProblems + scopeProblems).isEmpty { throw APIProblem.validation(formatProblems + scopeProblems) }
            let stored = try await IdempotentRequest.run(request, in: session, now: now) { () -> StoredUser in
                if try await session.users.find(username: new.username) != nil {
                    throw APIProblem(.conflict, "conflict", detail: "The user name \(new.username) is taken.")
                }
                try await session.users.insert(user, at: now)
                session.record(AuditEntry(actor: actor, action: "user.create", objectType: "user", objectID: user.id, at: now,
                                          stateDigest: try stateDigest(of: StoredUser(user))))
                return StoredUser(user)
            }
            return stored.account
        }
    }

    public func createRepresentation(_ contract: RepresentationContract, actor: String, idempotencyKey: String? = nil) async throws -> RepresentationContract {
        let request = try IdempotentRequest(key: idempotencyKey, principal: actor, operation: "representation.create", body: contract)
        return try await dependencies.store.write { session in
            let now = dependencies.clock()
            var problems: [ValidationProblem] = []
            if try await session.companies.find(bin: contract.brokerBIN) == nil { problems.append(ValidationProblem("/brokerBIN", .unknownCode)) }
            if try await session.companies.find(bin: contract.declarantBIN) == nil { problems.append(ValidationProblem("/declarantBIN", .unknownCode)) }
            if let to = contract.validTo, to < contract.validFrom {
                problems.append(ValidationProblem("/validTo", .outOfRange, ["minimum": contract.validFrom.description, "maximum": "9999-12-31"]))
            }
            if contract.contractNumber.isEmpty { problems.append(ValidationProblem("/contractNumber", .required)) }
            if !problems.isEmpty { throw APIProblem.validation(problems) }
            return try await IdempotentRequest.run(request, in: session, now: now) {
                try await session.companies.insert(contract, at: now)
                session.record(AuditEntry(actor: actor, action: "representation.create", objectType: "representation",
                                          objectID: "\(contract.brokerBIN)/\(contract.declarantBIN)/\(contract.contractNumber)", at: now,
                                          stateDigest: try stateDigest(of: contract)))
                return contract
            }
        }
    }

    public func revokeTokens(username: String, actor: String) async throws {
        try await dependencies.store.write { session in
            guard let user = try await session.users.find(username: username) else { throw APIProblem.notFound }
            let now = dependencies.clock()
            try await session.tokens.revokeAll(userID: user.id, at: now)
            session.record(AuditEntry(actor: actor, action: "auth.revoke-all", objectType: "user", objectID: user.id, at: now, stateDigest: user.id))
        }
    }
}

/// A user as kept for replaying an idempotent creation: everything but the password hash.
struct StoredUser: Codable, Sendable {
    var id, username, displayName: String
    var iin, companyBIN, officeCode: String?
    var roles: Set<Role>
    var language: Language

    init(_ user: UserAccount) {
        id = user.id
        username = user.username
        displayName = user.displayName
        iin = user.iin
        companyBIN = user.companyBIN
        officeCode = user.officeCode
        roles = user.roles
        language = user.language
    }

    var account: UserAccount {
        UserAccount(id: id, username: username, passwordHash: "", displayName: displayName, iin: iin, roles: roles,
                    companyBIN: companyBIN, officeCode: officeCode, language: language)
    }
}

extension Optional {
    func asyncMap<U>(_ transform: (Wrapped) async throws -> U?) async rethrows -> U? {
        guard let self else { return nil }
        return try await transform(self)
    }
}
