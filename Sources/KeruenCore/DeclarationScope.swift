/// Which declarations a principal may see. The store turns this into a WHERE clause;
/// the rule itself lives here so that it is written once.
public enum DeclarationScope: Sendable, Equatable {
    /// Administrators, risk analysts, statisticians and the control centre see every declaration.
    case everything
    /// Traders see the declarations their company files as declarant or as representative, drafts included.
    case company(bin: String)
    /// Officers see the declarations lodged at their office or the offices below it, once submitted.
    case offices(codes: Set<String>)
    case nothing

    /// - Parameter officeSubtree: the office codes at and below a given office (from the reference data).
    public static func of(_ principal: Principal, officeSubtree: (String) -> Set<String>) -> DeclarationScope {
        if principal.hasAny(.admin, .riskAnalyst, .statistician, .controlCentre) { return .everything }
        if principal.hasAny(.officer, .supervisor), let office = principal.officeCode {
            return .offices(codes: officeSubtree(office))
        }
        if principal.hasAny(.declarant, .broker), let bin = principal.companyBIN { return .company(bin: bin) }
        return .nothing
    }

    public func allows(declarantBIN: String?, representativeBIN: String?, officeCode: String?, status: DeclarationStatus) -> Bool {
        switch self {
        case .everything: true
        case .company(let bin): declarantBIN == bin || representativeBIN == bin
        case .offices(let codes): status != .draft && officeCode.map(codes.contains) == true
        case .nothing: false
        }
    }
}
