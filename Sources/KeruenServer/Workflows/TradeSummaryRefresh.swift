import Foundation
import ServiceLifecycle

/// Every ``AppConfiguration/statisticsRefreshInterval``: makes the trade summaries of the months changed since
/// (releases, corrections) again, so that queries stop reading those months from the cells.
struct TradeSummaryRefresh: Service {
    let dependencies: AppDependencies

    func run() async throws {
        let interval = dependencies.configuration.statisticsRefreshInterval
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                guard (try? await Task.sleep(for: interval)) != nil else { return }
                do {
                    try await StatisticsWorkflow(dependencies: dependencies).refreshSummaries()
                } catch {
                    dependencies.logger.error("trade summary refresh failed", metadata: ["error": "\(error)"])
                }
            }
        }
    }
}
