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

    public enum Standing: String, Sendable, CaseIterable {
        case running, nearLimit = "near-limit", overdue, withinLimit = "within-limit", late
    }

    /// From a declaration's history; nil before it is registered.
    public init?(history: [StatusChange]) {
        guard let registered = history.first(where: { $0.status == .registered }) else { return nil }
        registeredAt = registered.at
        decidedAt = history.first { $0.at >= registered.at && Self.ends.contains($0.status) }?.at
    }

    private static let ends: Set<DeclarationStatus> = [.released, .releaseRefused, .rejected, .withdrawn]

    public func elapsed(at now: Date) -> TimeInterval { max(0, (decidedAt ?? now).timeIntervalSince(registeredAt)) }

    public func standing(at now: Date) -> Standing {
        let elapsed = elapsed(at: now)
        if decidedAt != nil { return elapsed <= Self.limit ? .withinLimit : .late }
        return elapsed > Self.limit ? .overdue : elapsed >= Self.warning ? .nearLimit : .running
    }

    /// "1 h 05 min": hours and minutes, as the pages show a duration.
    public static func text(_ interval: TimeInterval) -> String {
        let minutes = Int(interval / 60)
        return "\(minutes / 60) h \(minutes % 60 < 10 ? "0" : "")\(minutes % 60) min"
    }
}
