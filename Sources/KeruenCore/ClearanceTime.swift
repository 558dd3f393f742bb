import Foundation

/// How long a declaration has been (or was) in clearance against the statutory limit: release no later
/// than four hours after registration. Measured from its history, so every page and report agrees.
public struct ClearanceTime: Sendable, Equatable {
    public static let limit: TimeInterval = 4 * 3600
    /// From here on the officer and the supervisor are warned.
    public static let warning: TimeInterval = 3 * 3600

    public let registeredAt: Date
    /// Release, refusal of release or of registration, or withdrawal: when the clock stopped.
    public let decidedAt: Date?
    /// Times the clock stood still: waiting for the declarant's answer to a request for documents.
    public let waits: [DocumentRequest]

    public enum Standing: String, Sendable, CaseIterable {
        case running, nearLimit = "near-limit", overdue, withinLimit = "within-limit", late
        /// Stopped: waiting for the declarant's documents or explanations.
        case waiting
    }

    public init(registeredAt: Date, decidedAt: Date?, requests: [DocumentRequest]) {
        self.registeredAt = registeredAt
        self.decidedAt = decidedAt
        waits = requests
    }

    /// From a declaration's history and its requests for documents; nil before it is registered.
    public init?(history: [StatusChange], requests: [DocumentRequest] = []) {
        waits = requests
        guard let registered = history.first(where: { $0.status == .registered }) else { return nil }
        registeredAt = registered.at
        decidedAt = history.first { $0.at >= registered.at && Self.ends.contains($0.status) }?.at
    }

    private static let ends: Set<DeclarationStatus> = [.released, .releaseRefused, .rejected, .withdrawn]

    /// Customs' time: from registration to the decision (or now), less the time spent waiting for the declarant.
    public func elapsed(at now: Date) -> TimeInterval {
        max(0, (decidedAt ?? now).timeIntervalSince(registeredAt) - waited(at: now))
    }

    /// The declarant's time within the clearance: the waits, each counted once, up to the decision (or now).
    public func waited(at now: Date) -> TimeInterval {
        let end = decidedAt ?? now
        var counted = registeredAt
        var total: TimeInterval = 0
        for wait in waits.map({ $0.waiting(until: end) }).sorted(by: { $0.start < $1.start }) {
            let start = max(wait.start, counted), stop = min(wait.end, end)
            if stop > start { total += stop.timeIntervalSince(start) }
            counted = max(counted, stop)
        }
        return total
    }

    public func standing(at now: Date) -> Standing {
        let elapsed = elapsed(at: now)
        if decidedAt != nil { return elapsed <= Self.limit ? .withinLimit : .late }
        if waits.contains(where: \.isOpen) { return .waiting }
        return elapsed > Self.limit ? .overdue : elapsed >= Self.warning ? .nearLimit : .running
    }

    /// How long each step of a declaration's history lasted, entry by entry: from it to the next entry (for
    /// the last, to `now` while the declaration is undecided). Nil outside clearance: before registration,
    /// and from the decision on.
    public static func stages(of history: [StatusChange], at now: Date) -> [TimeInterval?] {
        guard let start = history.firstIndex(where: { $0.status == .registered }) else { return history.map { _ in nil } }
        let decided = history[start...].firstIndex { ends.contains($0.status) } ?? history.endIndex
        return history.indices.map { index in
            guard index >= start && index < decided else { return nil }
            let end = index + 1 < history.count ? history[index + 1].at : now
            return max(0, end.timeIntervalSince(history[index].at))
        }
    }

    /// "1 h 05 min": hours and minutes, as the pages show a duration.
    public static func text(_ interval: TimeInterval) -> String {
        let minutes = Int(interval / 60)
        return "\(minutes / 60) h \(minutes % 60 < 10 ? "0" : "")\(minutes % 60) min"
    }
}
