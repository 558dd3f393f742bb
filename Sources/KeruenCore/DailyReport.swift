import Foundation

/// The day's summary for the customs administration: per office and channel, how many declarations were
/// registered, released and refused, the customs value and the payments assessed at registration, what
/// was collected, and the median clearance time of the releases (customs' own time, waits for the
/// declarant left out — ``ClearanceTime``).
public struct DailyReport: Sendable, Equatable {
    public let day: CustomsDay
    /// By office, then channel (unknown last).
    public let rows: [Row]
    public let total: Row

    public struct Row: Sendable, Equatable {
        public var office: String
        public var channel: Channel?
        public var registered = 0
        public var released = 0
        public var refused = 0
        public var customsValue = Tenge.zero
        public var assessed = Tenge.zero
        public var collected = Tenge.zero
        /// Nil when nothing was released.
        public var medianClearance: TimeInterval?
        var clearanceTimes: [TimeInterval] = []

        init(office: String, channel: Channel?) {
            self.office = office
            self.channel = channel
        }
    }

    /// A declaration registered on the day, with its invoice's figures (zero without an invoice).
    public struct Registration: Sendable {
        public var office: String
        public var channel: Channel?
        public var customsValue: Tenge
        public var assessed: Tenge

        public init(office: String, channel: Channel?, customsValue: Tenge, assessed: Tenge) {
            self.office = office
            self.channel = channel
            self.customsValue = customsValue
            self.assessed = assessed
        }
    }

    /// Something that happened on the day to a declaration of an office and channel, with an amount (a receipt's) where it has one.
    public struct Occurrence: Sendable {
        public var office: String
        public var channel: Channel?
        public var amount: Tenge

        public init(office: String, channel: Channel?, amount: Tenge = .zero) {
            self.office = office
            self.channel = channel
            self.amount = amount
        }
    }

    public init(day: CustomsDay, registrations: [Registration], releases: [ClearanceStatistics.Release], refusals: [Occurrence], collections: [Occurrence]) {
        var rows: [String: Row] = [:]
        func key(_ office: String, _ channel: Channel?) -> String { office + "|" + (channel?.rawValue ?? "") }
        func update(_ office: String, _ channel: Channel?, _ change: (inout Row) -> Void) {
            change(&rows[key(office, channel), default: Row(office: office, channel: channel)])
        }
        for r in registrations {
            update(r.office, r.channel) { $0.registered += 1; $0.customsValue = $0.customsValue + r.customsValue; $0.assessed = $0.assessed + r.assessed }
        }
        for release in releases {
            update(release.officeCode, release.channel) { row in
                row.released += 1
                if let decided = release.time.decidedAt { row.clearanceTimes.append(release.time.elapsed(at: decided)) }
            }
        }
        for refusal in refusals { update(refusal.office, refusal.channel) { $0.refused += 1 } }
        for collection in collections { update(collection.office, collection.channel) { $0.collected = $0.collected + collection.amount } }
        var total = Row(office: "", channel: nil)
        let ordered = rows.values.sorted { ($0.office, $0.channel?.strictness ?? 99) < ($1.office, $1.channel?.strictness ?? 99) }
        self.rows = ordered.map { row in
            var row = row
            row.medianClearance = Self.median(row.clearanceTimes)
            total.registered += row.registered
            total.released += row.released
            total.refused += row.refused
            total.customsValue = total.customsValue + row.customsValue
            total.assessed = total.assessed + row.assessed
            total.collected = total.collected + row.collected
            total.clearanceTimes += row.clearanceTimes
            return row
        }
        total.medianClearance = Self.median(total.clearanceTimes)
        self.total = total
        self.day = day
    }

    /// The median as the clearance statistics take it (nearest rank: a time that actually occurred).
    static func median(_ times: [TimeInterval]) -> TimeInterval? {
        times.isEmpty ? nil : ClearanceStatistics.Figures(times: times).median
    }

    /// The report as CSV: a line per office and channel, then the day's total (office "total").
    public var csv: String {
        var lines = ["day,office,channel,registered,released,refused,customs_value_kzt,assessed_kzt,collected_kzt,median_clearance_minutes"]
        for row in rows + [total] {
            let office = row.office.isEmpty ? "total" : row.office
            let median = row.medianClearance.map { String(Int(($0 / 60).rounded())) } ?? ""
            lines.append([day.description, office, row.channel?.rawValue ?? "", String(row.registered), String(row.released), String(row.refused),
                          row.customsValue.description, row.assessed.description, row.collected.description, median].joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }
}
