import Foundation
import KeruenCore
import KeruenStore
import Logging
import Synchronization

/// The active risk profiles compiled and indexed, and the selectivity settings, as every registration
/// needs them. Building the engine for 10,000 profiles takes a noticeable fraction of a second, so it
/// is kept until a profile or a setting changes on this node (``invalidate()``), and read again after
/// `maximumAge` in case another node changed them (mirror gaps are read with them, so a partner file imported
/// counts within that time). Expiry needs no rebuild: the engine checks each
/// profile's period against the registration day.
public final class RiskReference: Sendable {
    public static let maximumAge: TimeInterval = 300
    private let store: Store
    private let logger: Logger
    private let cached = Mutex<(snapshot: Snapshot, loadedAt: Date)?>(nil)

    public struct Snapshot: Sendable {
        public let engine: RiskEngine
        public let settings: RiskSettings
        /// The newest learned model, if one was trained.
        public let model: RiskModel?
        /// Mirror statistics' gaps by flow, partner and commodity, for profiles that test them.
        public let mirror: MirrorGaps

        /// What profiles test of a declaration on `day` — the same for a registration and a trial: values per
        /// kilogram at the day's USD rate, the declarant's record, and the learned score first, so that
        /// profiles may test it; with the score's inputs and reasons.
        func input(for content: DeclarationContent, customsValues: [Tenge]?, payments: PaymentCalculator, compliance: ComplianceRecord,
                   on day: CustomsDay) -> (input: RiskInput, features: [Double], scored: (score: Double, contributions: [RiskResult.ScoreContribution])?) {
            var input = RiskInput(content: content, customsValues: customsValues, usdRate: payments.rates.rate(of: "USD", on: day)?.perUnit,
                                  compliance: compliance, newTraderBelow: settings.newTraderBelow)
            if let flow = TradeRecord.flow(of: content), !mirror.isEmpty {
                for (index, item) in content.items.enumerated() {
                    input.items[index].mirrorGap = item.commodityCode.flatMap {
                        mirror.gap(flow: flow, partner: TradeRecord.partner(of: item, in: content, flow: flow), code: $0)
                    }
                }
            }
            let features = RiskFeatures.vector(of: input)
            let scored = model?.score(features)
            input.score = scored?.score
            return (input, features, scored)
        }
    }

    public init(store: Store, logger: Logger) {
        self.store = store
        self.logger = logger
    }

    public func snapshot(now: Date) async throws -> Snapshot {
        if let cached = cached.withLock({ $0 }), now.timeIntervalSince(cached.loadedAt) < Self.maximumAge, cached.loadedAt <= now {
            return cached.snapshot
        }
        let (profiles, settings, model, mirror) = try await store.read { session in
            (try await session.risk.active(), try await session.risk.settings(), try await session.risk.latestModel(),
             try await StatisticsWorkflow.mirrorGaps(in: session))
        }
        let engine = RiskEngine(profiles: profiles)
        for (id, reason) in engine.skipped {
            logger.error("risk profile left out of selectivity", metadata: ["profile": "\(id)", "reason": "\(reason)"])
        }
        let snapshot = Snapshot(engine: engine, settings: settings ?? RiskSettings(), model: model, mirror: mirror)
        cached.withLock { $0 = (snapshot, now) }
        return snapshot
    }

    public func invalidate() { cached.withLock { $0 = nil } }
}
