import Foundation

/// A person who signs in: roles, and the company or office the roles are scoped to.
public struct UserAccount: Sendable, Equatable {
    public var id: String
    public var username: String
    /// bcrypt hash; never the password.
    public var passwordHash: String
    public var displayName: String
    public var iin: String?
    public var roles: Set<Role>
    public var companyBIN: String?
    public var officeCode: String?
    public var language: Language
    public var disabled: Bool
    public var failedSignIns: Int
    public var lastFailedAt: Date?

    public init(id: String, username: String, passwordHash: String, displayName: String, iin: String? = nil, roles: Set<Role>,
                companyBIN: String? = nil, officeCode: String? = nil, language: Language = .ru, disabled: Bool = false,
                failedSignIns: Int = 0, lastFailedAt: Date? = nil) {
        self.id = id
        self.username = username
        self.passwordHash = passwordHash
        self.displayName = displayName
        self.iin = iin
        self.roles = roles
        self.companyBIN = companyBIN
        self.officeCode = officeCode
        self.language = language
        self.disabled = disabled
        self.failedSignIns = failedSignIns
        self.lastFailedAt = lastFailedAt
    }

    /// Checks that roles and scopes fit together: traders need a company, officers an office.
    public func scopeProblems(companyExists: Bool, officeExists: Bool) -> [ValidationProblem] {
        var problems: [ValidationProblem] = []
        if roles.isEmpty { problems.append(ValidationProblem("/roles", .required)) }
        if roles.contains(where: \.isTraderRole) {
            if companyBIN == nil { problems.append(ValidationProblem("/companyBIN", .required)) }
            else if !companyExists { problems.append(ValidationProblem("/companyBIN", .unknownCode)) }
        }
        if roles.contains(where: \.isOfficeRole) {
            if officeCode == nil { problems.append(ValidationProblem("/officeCode", .required)) }
            else if !officeExists { problems.append(ValidationProblem("/officeCode", .unknownOffice)) }
        }
        if let iin, !IdentificationNumber.isValid(iin) { problems.append(ValidationProblem("/iin", .invalidCheckDigit)) }
        return problems
    }
}

/// How long a user must wait before trying to sign in again after failures: nothing for the first
/// three, then doubling from one second up to five minutes. Slows password guessing to a crawl.
public enum SignInThrottle {
    public static let freeAttempts = 3

    public static func delay(afterFailures failures: Int) -> Duration {
        guard failures >= freeAttempts else { return .zero }
        let exponent = min(failures - freeAttempts, 9)
        return .seconds(min(1 << exponent, 300))
    }

    /// When the next attempt is allowed, or nil if it is allowed now.
    public static func retryAfter(failures: Int, lastFailure: Date?, now: Date) -> Date? {
        let wait = delay(afterFailures: failures)
        guard let lastFailure, wait > .zero else { return nil }
        let allowed = lastFailure.addingTimeInterval(Double(wait.components.seconds))
        return allowed > now ? allowed : nil
    }
}

extension UserAccount {
    /// Whether this is an officer of the customs office `officeCode` (a declaration's post): who may be given its work.
    public func isOfficer(of officeCode: String?) -> Bool {
        roles.contains(.officer) && officeCode != nil && self.officeCode == officeCode
    }
}
