import Foundation
import KeruenCore
import KeruenStore
import Synchronization

/// The tariff and the exchange rates as the payment calculation needs them, read from the store and
/// kept for a short while (as ``SignatureTrust`` keeps the trust anchors): every registration needs
/// them, administrators import them seldom. An import on this node applies at once.
public final class PaymentReference: Sendable {
    public static let maximumAge: TimeInterval = 30
    private let store: Store
    private let cached = Mutex<(calculator: PaymentCalculator, loadedAt: Date)?>(nil)

    public init(store: Store) { self.store = store }

    public func calculator(now: Date) async throws -> PaymentCalculator {
        if let cached = cached.withLock({ $0 }), now.timeIntervalSince(cached.loadedAt) < Self.maximumAge, cached.loadedAt <= now {
            return cached.calculator
        }
        let (tariff, rates) = try await store.read { session in
            (try await session.paymentReference.tariff(), try await session.paymentReference.rates())
        }
        let calculator = PaymentCalculator(tariff: Tariff(tariff), rates: ExchangeRateTable(rates))
        cached.withLock { $0 = (calculator, now) }
        return calculator
    }

    /// Forgets what was read after an import, so the next calculation reads the store.
    public func invalidate() { cached.withLock { $0 = nil } }
}
