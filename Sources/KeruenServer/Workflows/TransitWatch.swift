import Foundation
import ServiceLifecycle

/// Every ``AppConfiguration/transitWatchInterval``: raises the alerts of movements past their time limit
/// (and calls the guarantee of suspected false transits), and lets lapsed queue bookings go.
struct TransitWatch: Service {
    let dependencies: AppDependencies

    func run() async throws {
        let interval = dependencies.configuration.transitWatchInterval
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    try await TransitWorkflow(dependencies: dependencies).watch()
                } catch {
                    dependencies.logger.error("transit watch failed", metadata: ["error": "\(error)"])
                }
                guard (try? await Task.sleep(for: interval)) != nil else { return }
            }
        }
    }
}
