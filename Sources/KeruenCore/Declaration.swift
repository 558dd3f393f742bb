import Foundation

/// A goods declaration as stored: its content, where it stands, and its registration.
public struct Declaration: Codable, Sendable, Equatable {
    public var id: String
    /// Increases with every change; clients send it back in `If-Match` so no change overwrites another.
    public var version: Int
    public var status: DeclarationStatus
    public var content: DeclarationContent
    public var registrationNumber: RegistrationNumber?
    /// Why registration was refused, when it was.
    public var rejectionProblems: [ValidationProblem]
    public var createdBy: String
    public var createdAt: Date
    public var updatedAt: Date
    public var registeredAt: Date?

    public init(
        id: String, version: Int, status: DeclarationStatus, content: DeclarationContent,
        registrationNumber: RegistrationNumber? = nil, rejectionProblems: [ValidationProblem] = [],
        createdBy: String, createdAt: Date, updatedAt: Date, registeredAt: Date? = nil
    ) {
        self.id = id
        self.version = version
        self.status = status
        self.content = content
        self.registrationNumber = registrationNumber
        self.rejectionProblems = rejectionProblems
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.registeredAt = registeredAt
    }
}

/// One step of a declaration's life: when it moved to which state, and who moved it.
public struct StatusChange: Codable, Sendable, Equatable {
    public var status: DeclarationStatus
    public var at: Date
    public var actor: String
    public var note: String?

    public init(status: DeclarationStatus, at: Date, actor: String, note: String? = nil) {
        self.status = status
        self.at = at
        self.actor = actor
        self.note = note
    }
}
