import Foundation

/// What the clients measured.
struct LoadResult: Sendable {
    var registered = 0
    /// Pages or API answers read (2xx) in the read mode.
    var read = 0
    /// Device events the server acknowledged in the device mode.
    var events = 0
    /// Of those, the ones the server had not seen (the rest were resends).
    var newEvents = 0
    var errors = 0
    var requestLatencies: [Double] = []
    var cycleLatencies: [Double] = []

    mutating func merge(_ other: LoadResult) {
        registered += other.registered
        read += other.read
        events += other.events
        newEvents += other.newEvents
        errors += other.errors
        requestLatencies += other.requestLatencies
        cycleLatencies += other.cycleLatencies
    }

    func report(elapsed: Double) -> String {
        func percentile(_ values: [Double], _ p: Double) -> String {
            guard !values.isEmpty else { return "-" }
            let sorted = values.sorted()
            return String(format: "%.1f ms", sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))])
        }
        if events > 0 {
            return """
                device events acknowledged: \(events) in \(String(format: "%.1f", elapsed)) s = \(String(format: "%.0f", Double(events) / elapsed)) per second \
                (\(requestLatencies.count) batches; new to the server: \(newEvents))
                errors: \(errors)
                batch latency p50 \(percentile(requestLatencies, 0.5)), p95 \(percentile(requestLatencies, 0.95)), p99 \(percentile(requestLatencies, 0.99)), max \(percentile(requestLatencies, 1))
                """
        }
        if read > 0 {
            return """
                read: \(read) in \(String(format: "%.1f", elapsed)) s = \(String(format: "%.0f", Double(read) / elapsed)) per second
                errors: \(errors)
                latency p50 \(percentile(requestLatencies, 0.5)), p95 \(percentile(requestLatencies, 0.95)), p99 \(percentile(requestLatencies, 0.99)), max \(percentile(requestLatencies, 1))
                """
        }
        return """
            registered declarations: \(registered) in \(String(format: "%.1f", elapsed)) s = \(String(format: "%.0f", Double(registered) / elapsed)) per second
            errors: \(errors)
            requests: \(requestLatencies.count) (\(String(format: "%.0f", Double(requestLatencies.count) / elapsed)) per second), latency p50 \(percentile(requestLatencies, 0.5)), p99 \(percentile(requestLatencies, 0.99)), max \(percentile(requestLatencies, 1))
            create+submit: p50 \(percentile(cycleLatencies, 0.5)), p99 \(percentile(cycleLatencies, 0.99))
            """
    }
}
