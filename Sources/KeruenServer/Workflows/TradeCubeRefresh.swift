import Foundation
import ServiceLifecycle

/// Loads this node's trade cube at start and brings it up to date every few seconds, so that a statistics
/// answer rarely waits to read the cells of months changed since (it would read them itself: answers are exact either way).
struct TradeCubeRefresh: Service {
    let dependencies: AppDependencies
    static let interval: Duration = .seconds(5)

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    try await dependencies.store.read { try await $0.statistics.warmCube() }
                } catch {
                    dependencies.logger.error("trade cube refresh failed", metadata: ["error": "\(error)"])
                }
                guard (try? await Task.sleep(for: Self.interval)) != nil else { return }
            }
        }
    }
}
