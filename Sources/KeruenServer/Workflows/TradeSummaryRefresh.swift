import Foundation
import KeruenCore
import ServiceLifecycle

/// Every night at ``AppConfiguration/statisticsRefreshHour`` (Almaty time): makes the trade summaries of the months
/// changed since (releases, corrections) again, so that queries stop reading those months from the cells.
struct TradeSummaryRefresh: Service {
    let dependencies: AppDependencies

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                let wait = Self.next(hour: dependencies.configuration.statisticsRefreshHour, after: dependencies.clock()).timeIntervalSince(dependencies.clock())
                guard (try? await Task.sleep(for: .seconds(max(1, wait)))) != nil else { return }
                do {
                    try await StatisticsWorkflow(dependencies: dependencies).refreshSummaries()
                } catch {
                    dependencies.logger.error("trade summary refresh failed", metadata: ["error": "\(error)"])
                }
            }
        }
    }

    /// The next time after `now` that the clock in Almaty shows `hour` o'clock.
    static func next(hour: Int, after now: Date) -> Date {
        let today = CustomsDay(containing: now)
        let atHour = today.start.addingTimeInterval(Double(hour) * 3600)
        return atHour > now ? atHour : today.end.addingTimeInterval(Double(hour) * 3600)
    }
}
