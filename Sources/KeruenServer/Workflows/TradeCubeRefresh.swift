import Foundation
import ServiceLifecycle

/// Loads this node's trade cube at start (the node is ready once it has) and brings it up to date every few seconds, so
/// that a statistics answer rarely waits to read the cells of months changed since (it would read them itself: answers
/// are exact either way).
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
                // Sooner while the cube has never loaded (the database may still be migrating): the node is not ready till then.
                let wait = dependencies.store.statisticsLoaded ? Self.interval : .seconds(1)
                guard (try? await Task.sleep(for: wait)) != nil else { return }
            }
        }
    }
}
