import Foundation

/// A risk profile: data an analyst writes, not code. It fires on a declaration whose data meet its
/// condition, in the offices and period it covers, and then asks for its measure. Each edit is a new
/// version; a version goes live only when a second person approves it (four eyes), and stops applying
/// by itself after `validTo`.
public struct RiskProfile: Codable, Sendable, Equatable {
    public var id: String
    public var version: Int
    public var title: String
    public var rationale: String
    public var condition: RiskCondition
    public var measure: RiskMeasure
    /// 1–100: among the profiles that fired, the one with the highest priority is shown first.
    public var priority: Int
    /// The offices it applies in; empty for all.
    public var offices: [String]
    public var validFrom: CustomsDay
    public var validTo: CustomsDay?
    public var status: Status
    public var author: String
    public var approver: String?
    public var createdAt: Date
    public var decidedAt: Date?

    public enum Status: String, Codable, Sendable, CaseIterable {
        /// Written, waiting for a second person's approval.
        case pending
        case active
        /// A later version was approved in its place.
        case superseded
        case retired
    }

    public init(id: String, version: Int = 1, title: String, rationale: String, condition: RiskCondition, measure: RiskMeasure,
                priority: Int = 50, offices: [String] = [], validFrom: CustomsDay, validTo: CustomsDay? = nil,
                status: Status = .pending, author: String, approver: String? = nil, createdAt: Date, decidedAt: Date? = nil) {
        self.id = id
        self.version = version
        self.title = title
        self.rationale = rationale
        self.condition = condition
        self.measure = measure
        self.priority = priority
        self.offices = offices
        self.validFrom = validFrom
        self.validTo = validTo
        self.status = status
        self.author = author
        self.approver = approver
        self.createdAt = createdAt
        self.decidedAt = decidedAt
    }

    /// Letters, digits and dashes, as analysts name profiles ("RP-CN-SHOES-01").
    public static func isValidID(_ id: String) -> Bool {
        (1...40).contains(id.utf8.count) && id.utf8.allSatisfy { $0 == UInt8(ascii: "-") || (48...57).contains($0) || (65...90).contains($0) }
    }
}
