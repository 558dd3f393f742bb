/// The signed-in user as the domain sees it: who, in which roles, and for which company or office.
public struct Principal: Sendable, Equatable {
    public var userID: String
    public var username: String
    public var roles: Set<Role>
    /// BIN of the company a declarant or broker works for.
    public var companyBIN: String?
    /// Code of the customs office an officer or supervisor belongs to.
    public var officeCode: String?
    /// BINs of the declarants a broker's company holds a representation contract with (valid today).
    public var representedBINs: Set<String>

    public init(userID: String, username: String, roles: Set<Role>, companyBIN: String? = nil, officeCode: String? = nil, representedBINs: Set<String> = []) {
        self.userID = userID
        self.username = username
        self.roles = roles
        self.companyBIN = companyBIN
        self.officeCode = officeCode
        self.representedBINs = representedBINs
    }

    public func has(_ role: Role) -> Bool { roles.contains(role) }
    public func hasAny(_ wanted: Role...) -> Bool { !roles.isDisjoint(with: wanted) }
}
