import Foundation

/// An officer's shift at a post: while it lasts, the officer may be assigned declarations routed to control there.
public struct OfficerShift: Sendable, Equatable {
    public var id: String
    public var officer: String
    public var officeCode: String
    public var startsAt: Date
    public var endsAt: Date
    public var createdBy: String

    public init(id: String, officer: String, officeCode: String, startsAt: Date, endsAt: Date, createdBy: String) {
        self.id = id
        self.officer = officer
        self.officeCode = officeCode
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.createdBy = createdBy
    }
}
