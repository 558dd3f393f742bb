import Foundation

/// Checks a device's batch before anything of it is kept: a batch with any problem is refused whole,
/// each problem at its JSON pointer, so that the device can resend it corrected and nothing is half-kept.
public enum DeviceBatchValidator {
    /// The most events a batch may carry (devices send 500).
    public static let maximumEvents = 1_000
    /// How far ahead of the server's clock a device's clock may be.
    public static let clockTolerance: TimeInterval = 300

    public static func problems(in events: [DeviceEvent], now: Date) -> [ValidationProblem] {
        guard !events.isEmpty else { return [ValidationProblem("/events", .required)] }
        guard events.count <= maximumEvents else { return [ValidationProblem("/events", .tooMany, ["maximum": String(maximumEvents)])] }
        var problems: [ValidationProblem] = []
        let latest = now + clockTolerance
        for (index, event) in events.enumerated() {
            let at = "/events/\(index)"
            func check(_ ok: Bool, _ field: String, _ code: ValidationProblem.Code, _ range: (String, String)? = nil) {
                let arguments = range.map { ["minimum": $0.0, "maximum": $0.1] } ?? [:]
                if !ok { problems.append(ValidationProblem("\(at)/\(field)", code, arguments)) }
            }
            func expect(_ ok: Bool, _ field: String, _ format: ValidationProblem.Format) {
                if !ok { problems.append(ValidationProblem("\(at)/\(field)", expected: format)) }
            }
            check(!event.eventID.trimmingSpaces().isEmpty, "id", .required)
            if event.time > latest { check(false, "time", .outOfRange, ("—", ISO8601DateFormatter().string(from: latest))) }
            switch event.reading {
            case .plate(let camera, let lane, let plate, let confidence, _, _):
                check(!camera.trimmingSpaces().isEmpty, "camera", .required)
                check((1...99).contains(lane), "lane", .outOfRange, ("1", "99"))
                expect(!VehiclePlate.normalized(plate).isEmpty, "plate", .vehiclePlate)
                check((0...1).contains(confidence), "confidence", .outOfRange, ("0", "1"))
            case .weighing(let gross, let axles, let length, let width, let height):
                check(gross > 0 && gross.isFinite, "grossKg", .notPositive)
                check(!axles.isEmpty, "axleLoadsKg", .required)
                for (axle, load) in axles.enumerated() where !(load > 0 && load.isFinite) { check(false, "axleLoadsKg/\(axle)", .notPositive) }
                for (name, value) in [("lengthM", length), ("widthM", width), ("heightM", height)] {
                    if let value { check(value > 0 && value.isFinite, name, .notPositive) }
                }
            case .seal(let sealID, _):
                check(!sealID.trimmingSpaces().isEmpty, "sealId", .required)
            case .position(let plate, let point):
                expect(!VehiclePlate.normalized(plate).isEmpty, "plate", .vehiclePlate)
                check(point.isValid, "point", .outOfRange, ("-90, -180", "90, 180"))
            case .radiation(let level, _):
                check(level >= 0 && level.isFinite, "microsievertsPerHour", .outOfRange, ("0", "∞"))
            case .scan(let hash):
                expect(hash.utf8.count == 64 && hash.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }, "imageSha256", .sha256)
            }
        }
        return problems
    }
}
