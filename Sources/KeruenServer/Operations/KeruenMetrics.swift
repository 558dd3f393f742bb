import Foundation
import KeruenCore
import Prometheus

/// The Prometheus registry behind /metrics. Request counts and latency histograms come from
/// Hummingbird's MetricsMiddleware once `MetricsSystem` is bootstrapped with `factory`;
/// declarations by status are read from the database at each scrape.
public final class KeruenMetrics: Sendable {
    public let registry = PrometheusCollectorRegistry()
    private let declarationsByStatus: [DeclarationStatus: Gauge]
    /// Checkpoint devices' events kept, resent ones recognised, and the alerts they raised.
    private let deviceEventsAccepted, deviceEventsDuplicate, deviceAlerts: Counter

    public init() {
        var gauges: [DeclarationStatus: Gauge] = [:]
        for status in DeclarationStatus.allCases {
            gauges[status] = registry.makeGauge(name: "keruen_declarations", labels: [("status", status.rawValue)])
        }
        declarationsByStatus = gauges
        deviceEventsAccepted = registry.makeCounter(name: "keruen_device_events", labels: [("outcome", "accepted")])
        deviceEventsDuplicate = registry.makeCounter(name: "keruen_device_events", labels: [("outcome", "duplicate")])
        deviceAlerts = registry.makeCounter(name: "keruen_checkpoint_alerts")
    }

    public func deviceEvents(accepted: Int, duplicates: Int, alerts: Int) {
        deviceEventsAccepted.increment(by: Int64(accepted))
        deviceEventsDuplicate.increment(by: Int64(duplicates))
        deviceAlerts.increment(by: Int64(alerts))
    }

    /// A swift-metrics factory writing into this registry, with latency buckets for a fast API.
    public var factory: PrometheusMetricsFactory {
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [.milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25),
                                                   .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(5)]
        return factory
    }

    public func update(declarationCounts: [DeclarationStatus: Int]) {
        for (status, gauge) in declarationsByStatus {
            gauge.set(Double(declarationCounts[status] ?? 0))
        }
    }

    public func exposition() -> String {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }
}
