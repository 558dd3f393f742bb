import Foundation

/// A company's registered address for push notifications about its declarations: each event is POSTed
/// there as JSON, signed with HMAC-SHA256 under the subscription's secret, and retried with back-off
/// until the receiver answers 2xx (at least once; the delivery id lets the receiver drop repeats).
public struct WebhookSubscription: Sendable, Equatable {
    public var id: String
    public var companyBIN: String
    public var url: String
    public var createdBy: String
    public var createdAt: Date

    public init(id: String, companyBIN: String, url: String, createdBy: String, createdAt: Date) {
        self.id = id
        self.companyBIN = companyBIN
        self.url = url
        self.createdBy = createdBy
        self.createdAt = createdAt
    }

    /// Whether `text` is an absolute http(s) URL with a host, no user info and at most 2,000 characters.
    public static func isAcceptable(url text: String) -> Bool {
        guard text.count <= 2000, let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = url.host, !host.isEmpty, url.user == nil else { return false }
        return true
    }
}

/// One event on its way to one subscription, with every attempt made.
public struct WebhookDelivery: Sendable, Equatable {
    public var id: String
    public var subscriptionID: String
    public var event: String
    public var declarationID: String
    public var payload: String
    public var createdAt: Date
    public var status: Status
    public var attempts: [Attempt]
    public var nextAttemptAt: Date?

    public enum Status: String, Sendable, CaseIterable {
        case pending, delivered, failed
    }

    public struct Attempt: Sendable, Equatable {
        public var at: Date
        /// The receiver's HTTP status; nil when none came (refused connection, timeout).
        public var statusCode: Int?
        public var error: String?

        public init(at: Date, statusCode: Int?, error: String?) {
            self.at = at
            self.statusCode = statusCode
            self.error = error
        }

        public var succeeded: Bool { statusCode.map { (200..<300).contains($0) } ?? false }
    }

    public init(id: String, subscriptionID: String, event: String, declarationID: String, payload: String, createdAt: Date, status: Status,
                attempts: [Attempt], nextAttemptAt: Date?) {
        self.id = id
        self.subscriptionID = subscriptionID
        self.event = event
        self.declarationID = declarationID
        self.payload = payload
        self.createdAt = createdAt
        self.status = status
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
    }

    /// The most attempts made before a delivery is given up as failed (about 3 hours with the back-off).
    public static let mostAttempts = 8

    /// The wait after the `n`th failed attempt (1-based): 10 s, 30 s, 90 s… times three each time, at most an hour.
    public static func backoff(afterAttempt n: Int) -> TimeInterval {
        min(10 * pow(3, Double(max(n, 1) - 1)), 3600)
    }

    /// Where the delivery stands after `attempt`: delivered, failed for good, or pending with the time of the next try.
    public static func after(_ attempt: Attempt, attemptsSoFar: Int) -> (status: Status, next: Date?) {
        if attempt.succeeded { return (.delivered, nil) }
        if attemptsSoFar >= mostAttempts { return (.failed, nil) }
        return (.pending, attempt.at + backoff(afterAttempt: attemptsSoFar))
    }
}
