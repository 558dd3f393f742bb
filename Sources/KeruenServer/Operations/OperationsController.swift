import Hummingbird
import KeruenStore

/// Liveness, readiness and Prometheus metrics, for load balancers and monitoring.
struct OperationsController {
    let dependencies: AppDependencies

    func addRoutes(to router: Router<KeruenRequestContext>) {
        router.get("/health/live") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: #"{"status":"live"}"#)))
        }
        router.get("/health/ready") { _, _ in try await ready() }
        router.get("/metrics") { _, _ in
            let counts = try await dependencies.store.read { try await $0.declarations.countByStatus() }
            dependencies.metrics.update(declarationCounts: counts)
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                            body: .init(byteBuffer: ByteBuffer(string: dependencies.metrics.exposition())))
        }
    }

    /// Ready when the database answers and carries every migration this build knows, and (where the background
    /// services run) the trade cube is loaded: until then statistics, and registrations where mirror gaps are
    /// tested, would wait for it (tens of seconds with ten million items).
    private func ready() async throws -> Response {
        let migrator = Migrator(provider: dependencies.store.provider)
        let (status, body): (HTTPResponse.Status, String)
        do {
            let current = try await migrator.currentVersion()
            if current < migrator.latestVersion {
                (status, body) = (.serviceUnavailable, #"{"status":"migrations pending","schemaVersion":\#(current),"expected":\#(migrator.latestVersion)}"#)
            } else if dependencies.configuration.runsBackgroundServices && !dependencies.store.statisticsLoaded {
                (status, body) = (.serviceUnavailable, #"{"status":"loading statistics","schemaVersion":\#(current)}"#)
            } else {
                (status, body) = (.ok, #"{"status":"ready","database":"\#(dependencies.store.dialect.rawValue)","schemaVersion":\#(current)}"#)
            }
        } catch {
            (status, body) = (.serviceUnavailable, #"{"status":"database unreachable"}"#)
        }
        return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}
