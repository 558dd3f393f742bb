import Foundation

/// An officer's request for documents or explanations, and the declarant's answer. While it waits
/// for the answer the clearance clock is stopped: that time is the declarant's, not customs'.
public struct DocumentRequest: Codable, Sendable, Equatable {
    public var id: String
    public var declarationID: String
    public var text: String
    public var requestedBy: String
    public var requestedAt: Date
    public var answer: Answer?

    public init(id: String, declarationID: String, text: String, requestedBy: String, requestedAt: Date, answer: Answer? = nil) {
        self.id = id
        self.declarationID = declarationID
        self.text = text
        self.requestedBy = requestedBy
        self.requestedAt = requestedAt
        self.answer = answer
    }

    public struct Answer: Codable, Sendable, Equatable {
        public var text: String
        /// SHA-256 of each attached document (``Attachment``).
        public var attachments: [String]
        public var answeredBy: String
        public var answeredAt: Date

        public init(text: String, attachments: [String], answeredBy: String, answeredAt: Date) {
            self.text = text
            self.attachments = attachments
            self.answeredBy = answeredBy
            self.answeredAt = answeredAt
        }
    }

    public var isOpen: Bool { answer == nil }

    /// The time the declarant took (or is taking) to answer.
    public func waiting(until now: Date) -> DateInterval {
        DateInterval(start: requestedAt, end: max(requestedAt, answer?.answeredAt ?? now))
    }
}
