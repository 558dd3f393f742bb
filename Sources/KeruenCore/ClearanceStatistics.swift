import Foundation

/// How long clearance took, per post, channel and customs day: from registration to release in
/// customs' time (less the declarant's waits), with the median, the 90th percentile and the share
/// released within the 4-hour limit.
public struct ClearanceStatistics: Sendable {
    /// One released declaration.
    public struct Release: Sendable {
        public var officeCode: String
        public var channel: Channel?
        public var time: ClearanceTime

        public init(officeCode: String, channel: Channel?, time: ClearanceTime) {
            self.officeCode = officeCode
            self.channel = channel
            self.time = time
        }
    }

    /// The figures of one group.
    public struct Figures: Sendable, Equatable {
        public var count: Int
        public var median: TimeInterval
        public var percentile90: TimeInterval
        public var withinLimit: Int

        public var shareWithinLimit: Double { count == 0 ? 0 : Double(withinLimit) / Double(count) }

        /// From customs' times, in any order (nearest-rank percentiles: a time that actually occurred).
        public init(times: [TimeInterval]) {
            let sorted = times.sorted()
            count = sorted.count
            median = Self.percentile(0.5, of: sorted)
            percentile90 = Self.percentile(0.9, of: sorted)
            withinLimit = sorted.prefix { $0 <= ClearanceTime.limit }.count
        }

        static func percentile(_ p: Double, of sorted: [TimeInterval]) -> TimeInterval {
            guard !sorted.isEmpty else { return 0 }
            return sorted[max(0, Int((p * Double(sorted.count)).rounded(.up)) - 1)]
        }
    }

    public struct Key: Hashable, Sendable, Comparable {
        public var officeCode: String
        public var channel: Channel?
        public var day: CustomsDay?

        public static func < (a: Key, b: Key) -> Bool {
            (a.officeCode, a.day?.description ?? "", a.channel?.strictness ?? -1) < (b.officeCode, b.day?.description ?? "", b.channel?.strictness ?? -1)
        }
    }

    public let releases: [Release]

    public init(releases: [Release]) {
        self.releases = releases.filter { $0.time.decidedAt != nil }
    }

    /// The figures grouped by what `key` keeps of each release (post, channel, day, or any of them), in key order.
    public func grouped(by key: (Release) -> Key) -> [(key: Key, figures: Figures)] {
        Dictionary(grouping: releases, by: key).map { ($0.key, Figures(times: $0.value.map(Self.customsTime))) }.sorted { $0.key < $1.key }
    }

    public var perPostChannelDay: [(key: Key, figures: Figures)] {
        grouped { Key(officeCode: $0.officeCode, channel: $0.channel, day: CustomsDay(containing: $0.time.registeredAt)) }
    }

    public var perPost: [(key: Key, figures: Figures)] { grouped { Key(officeCode: $0.officeCode) } }

    public var perDay: [(key: Key, figures: Figures)] {
        grouped { Key(officeCode: "", day: CustomsDay(containing: $0.time.registeredAt)) }
    }

    public var perChannel: [(key: Key, figures: Figures)] { grouped { Key(officeCode: "", channel: $0.channel) } }

    static func customsTime(_ release: Release) -> TimeInterval {
        release.time.elapsed(at: release.time.decidedAt ?? release.time.registeredAt)
    }
}
