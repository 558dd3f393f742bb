import Foundation
import KeruenCore
import KeruenReference
import KeruenStore

/// Foreign-trade statistics: released declarations counted as they are released or corrected (in the same
/// transaction, so a figure never misses or doubles a declaration), and the figures read back for the
/// public — published periods only, confidential cells withheld — or in full for statisticians.
public struct StatisticsWorkflow: Sendable {
    let dependencies: AppDependencies

    public init(dependencies: AppDependencies) {
        self.dependencies = dependencies
    }

    /// Sums the cells again from the records alone (`keruen stats rebuild`), in one audited transaction; answers how many cells there are.
    public func rebuild(actor: String) async throws -> Int {
        try await dependencies.store.write { session in
            let cells = try await session.statistics.rebuild()
            session.record(AuditEntry(actor: actor, action: "statistics.rebuild", objectType: "statistics", objectID: "trade-cells",
                                      at: dependencies.clock(), stateDigest: String(cells)))
            return cells
        }
    }

    /// Writes a generated history (replacing one written before), a month per transaction, then sums the cells
    /// again from all records (audited); `progress` hears of each month written.
    public func write(_ history: TradeHistory, actor: String, progress: @Sendable (TradePeriod, Int) -> Void = { _, _ in }) async throws -> Int {
        try await dependencies.store.write { try await $0.statistics.deleteHistory() }
        try await history.generate { month, records in
            try await dependencies.store.write { try await $0.statistics.insert(records) }
            progress(month, records.count)
        }
        return try await rebuild(actor: actor)
    }

    /// Counts a declaration as it now stands: a released import or export by its goods items, anything else
    /// not at all (``StatisticsRepository/count(declarationID:records:)`` takes back what it counted before).
    /// `assessment` is the declaration's payment calculation when the caller has just made it (a registration).
    ///
    /// Only a released declaration is read: a release is final, so nothing else was ever counted (an officer's
    /// refusal or a correction before release reads and writes nothing here).
    func count(_ declaration: Declaration, assessment: PaymentAssessment? = nil, in session: StoreSession) async throws {
        guard declaration.status == .released, let registeredAt = declaration.registeredAt else { return }
        let calculator = try await dependencies.paymentReference.calculator(now: dependencies.clock())
        let day = CustomsDay(containing: registeredAt)
        var customsValues = assessment?.customsValues
        if customsValues == nil, case .assessed(let made) = calculator.assess(declaration.content, on: day) { customsValues = made.customsValues }
        var records: [TradeRecord] = []
        if let customsValues, let usd = calculator.rates.rate(of: "USD", on: day) {
            records = TradeRecord.records(of: declaration, customsValues: customsValues, usd: usd) ?? []
        }
        try await session.statistics.count(declarationID: declaration.id, records: records)
    }

    /// What a reader may see of the figures: statisticians (and administrators) everything; anyone else the
    /// periods published by now, with figures from fewer declarants than the threshold withheld.
    struct Answer: Sendable {
        var figures: [TradeFigure]
        /// The last period the public may see; nil for a statistician.
        var publishedThrough: TradePeriod?
        /// Lines in the whole answer (`figures` are those asked for).
        var totalLines: Int
        /// Where the next page would start; nil on the last.
        var nextLine: Int?

        init(figures: [TradeFigure], publishedThrough: TradePeriod?, totalLines: Int, asked lines: Range<Int>) {
            self.figures = figures
            self.publishedThrough = publishedThrough
            self.totalLines = totalLines
            nextLine = lines.upperBound < totalLines ? lines.upperBound : nil
        }
    }

    func figures(_ query: TradeQuery, principal: Principal?, lines: Range<Int> = 0..<Int.max) async throws -> Answer {
        if let principal, principal.hasAny(.statistician, .admin) {
            let page = try await dependencies.store.read { try await $0.statistics.page(query, lines: lines) }
            return Answer(figures: page.figures, publishedThrough: nil, totalLines: page.total, asked: lines)
        }
        let published = Self.lastPublished(at: dependencies.clock(), publicationDay: dependencies.configuration.statisticsPublicationDay)
        var visible = query
        visible.to = min(query.to, published)
        guard visible.from <= visible.to else { return Answer(figures: [], publishedThrough: published, totalLines: 0, asked: lines) }
        let threshold = dependencies.configuration.confidentialityThreshold
        let page = try await dependencies.store.read { [visible] in try await $0.statistics.page(visible, lines: lines) }
        return Answer(figures: page.figures.map { $0.confidential(threshold: threshold) }, publishedThrough: published, totalLines: page.total, asked: lines)
    }

    /// The latest period whose publication day has come.
    static func lastPublished(at now: Date, publicationDay: Int) -> TradePeriod {
        var period = TradePeriod(containing: now)
        while period.publication(onDay: publicationDay) > now {
            period = period.previous
        }
        return period
    }

    /// The daily report of a customs day, for supervisors, statisticians and administrators.
    public func dailyReport(_ day: CustomsDay, principal: Principal?) async throws -> DailyReport {
        guard let principal, principal.hasAny(.supervisor, .statistician, .admin) else { throw principal == nil ? APIProblem.unauthenticated : APIProblem.forbidden }
        return try await dependencies.store.read { session in
            let (from, to) = (day.start, day.end)
            let releases = try await session.reports.releases(from: from, to: to)
            let requests = try await session.control.requests(declarationIDs: releases.map(\.declarationID))
            return DailyReport(day: day, registrations: try await session.reports.registrations(from: from, to: to),
                               releases: releases.map { release in
                                   ClearanceStatistics.Release(officeCode: release.office, channel: release.channel,
                                                               time: ClearanceTime(registeredAt: release.registeredAt, decidedAt: release.releasedAt,
                                                                                   requests: requests[release.declarationID] ?? []))
                               },
                               refusals: try await session.reports.refusals(from: from, to: to), collections: try await session.reports.collections(from: from, to: to))
        }
    }

    // MARK: Mirror statistics

    /// The country whose customs this is, as partners name it in their figures.
    static let reportingCountry = "KZ"

    /// Stores a partner's figures from a UN Comtrade CSV file, refused whole with every bad line (audited).
    public func importPartnerFigures(_ text: String, actor: String) async throws -> [PartnerTradeFigure] {
        let figures: [PartnerTradeFigure]
        switch PartnerTradeFile.parse(text, countries: dependencies.reference.countries) {
        case .success(let parsed): figures = parsed
        case .failure(let refused): throw APIProblem.validation(refused.refusals.map { PaymentReferenceWorkflow.problem(line: $0.line, $0.reason) })
        }
        try await dependencies.store.write { session in
            try await session.statistics.store(figures, at: dependencies.clock())
            session.record(AuditEntry(actor: actor, action: "statistics.partner-import", objectType: "partner-trade",
                                      objectID: Set(figures.map(\.reporter)).sorted().joined(separator: ","), at: dependencies.clock(),
                                      stateDigest: "\(figures.count) figure(s)"))
        }
        dependencies.riskReference.invalidate()  // profiles on mirror gaps read the new figures at the next registration
        return figures
    }

    /// The mirror gaps risk profiles test: each partner's latest reported year against ours, at every code level it reported.
    static func mirrorGaps(in session: StoreSession) async throws -> MirrorGaps {
        var gaps = MirrorGaps()
        for (reporter, theirFlow, year) in try await session.statistics.partnerYears(partner: reportingCountry) {
            let flow: TradeFlow = theirFlow == .import ? .export : .import
            for digits in [2, 4, 6] {
                let theirs = try await session.statistics.partnerFigures(reporter: reporter, partner: reportingCountry, flow: theirFlow, digits: digits, from: year, to: year)
                guard !theirs.isEmpty else { continue }
                let ours = try await session.statistics.ourFigures(partner: reporter, flow: flow, digits: digits, from: year, to: year, yearly: true)
                gaps.add(MirrorComparison(ours: ours, theirs: theirs), flow: flow, partner: reporter)
            }
        }
        return gaps
    }

    /// Our trade with `partner` in `flow` set against what the partner reports of the opposite flow with us, by code
    /// at `digits` digits and by year ("YYYY" bounds) or month ("YYYY-MM"): for statisticians and risk analysts.
    struct MirrorQuery: Sendable {
        var partner: String
        var flow: TradeFlow
        var from: String
        var to: String
        var digits: Int
    }

    func mirror(_ q: MirrorQuery, principal: Principal) async throws -> MirrorComparison {
        guard principal.hasAny(.statistician, .riskAnalyst, .admin) else { throw APIProblem.forbidden }
        return try await dependencies.store.read { session in
            let ours = try await session.statistics.ourFigures(partner: q.partner, flow: q.flow, digits: q.digits, from: q.from, to: q.to, yearly: q.from.count == 4)
            let theirs = try await session.statistics.partnerFigures(reporter: q.partner, partner: Self.reportingCountry, flow: q.flow == .import ? .export : .import,
                                                                     digits: q.digits, from: q.from, to: q.to)
            return MirrorComparison(ours: ours, theirs: theirs)
        }
    }
}
