/// Who may file a declaration for whom: a declarant for its own company, a broker for the declarants
/// it holds a representation contract with (and then the broker is the representative).
public struct FilingRights: Sendable {
    public let principal: Principal

    public init(principal: Principal) { self.principal = principal }

    public var mayFile: Bool { principal.hasAny(.declarant, .broker) && principal.companyBIN != nil }

    /// Fills the declarant (for a declarant) or the representative (for a broker) from the principal,
    /// then lists what the principal may not do with this content.
    public func apply(to content: inout DeclarationContent) -> [ValidationProblem] {
        guard let bin = principal.companyBIN else { return [ValidationProblem("/declarant", .notOwnCompany)] }
        if principal.has(.broker) {
            if content.representative == nil { content.representative = Party(identificationNumber: bin) }
            if content.representative?.identificationNumber == nil { content.representative?.identificationNumber = bin }
            var problems: [ValidationProblem] = []
            if content.representative?.identificationNumber != bin {
                problems.append(ValidationProblem("/representative/identificationNumber", .notOwnCompany))
            }
            if let declarant = content.declarant?.identificationNumber, declarant != bin, !principal.representedBINs.contains(declarant) {
                problems.append(ValidationProblem("/declarant/identificationNumber", .notRepresented))
            }
            return problems
        }
        if content.declarant == nil { content.declarant = Party(identificationNumber: bin) }
        if content.declarant?.identificationNumber == nil { content.declarant?.identificationNumber = bin }
        if content.declarant?.identificationNumber != bin {
            return [ValidationProblem("/declarant/identificationNumber", .notOwnCompany)]
        }
        return []
    }
}
