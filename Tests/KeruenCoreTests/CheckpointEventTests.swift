import Foundation
import KeruenCore
import Testing

/// Checkpoint devices' events: what a batch must be to be kept, and the alerts each kind of event raises.
@Suite struct CheckpointEventTests {
    let now = Date(timeIntervalSince1970: 1_780_000_000)
    /// Illustrative limits (5 axles 40 t, 6 axles 44 t, 10 t an axle, 20 × 2.55 × 4 m).
    let limits = VehicleLimits(validFrom: CustomsDay(year: 2025, month: 1, day: 1), grossKgByAxles: [2: 18_000, 3: 25_000, 4: 32_000, 5: 40_000, 6: 44_000],
                               axleKg: 10_000, lengthM: 20, widthM: 2.55, heightM: 4)

    func event(_ reading: DeviceEvent.Reading, id: String = "E1", at time: Date? = nil) -> DeviceEvent {
        DeviceEvent(eventID: id, time: time ?? now, reading: reading)
    }

    @Test func aBatchWithAnyBadEventIsRefusedWholeWithEachProblemAtItsPointer() {
        let good = [event(.plate(camera: "CAM-1", lane: 2, plate: "123 ABC 02", confidence: 0.97)),
                    event(.seal(sealID: "ES-77", state: .intact), id: "E2"),
                    event(.scan(imageSHA256: String(repeating: "ab", count: 32)), id: "E3")]
        #expect(DeviceBatchValidator.problems(in: good, now: now).isEmpty)
        #expect(DeviceBatchValidator.problems(in: [], now: now).map(\.pointer) == ["/events"])

        let bad = good + [
            event(.plate(camera: "CAM-1", lane: 0, plate: " - ", confidence: 1.2), id: " "),
            event(.weighing(grossKg: 0, axleLoadsKg: [7_000, -1], lengthM: 16.5, widthM: nil, heightM: 0), id: "E5", at: now + 3_600),
            event(.position(plate: "123ABC02", point: GeoPoint(latitude: 91, longitude: 76)), id: "E6"),
            event(.scan(imageSHA256: "not-a-hash"), id: "E7"),
        ]
        #expect(DeviceBatchValidator.problems(in: bad, now: now).map(\.pointer) == [
            "/events/3/id", "/events/3/lane", "/events/3/plate", "/events/3/confidence",
            "/events/4/time", "/events/4/grossKg", "/events/4/axleLoadsKg/1", "/events/4/heightM",
            "/events/5/point", "/events/6/imageSha256",
        ])
    }

    @Test func distancesToARouteAreMeasuredOnTheSphere() {
        let a = GeoPoint(latitude: 0, longitude: 0), b = GeoPoint(latitude: 0, longitude: 1)
        let degree = 111_195.0  // one degree of a great circle, in metres
        #expect(abs(a.distance(to: b) - degree) < 5)
        #expect(abs(GeoPoint(latitude: 1, longitude: 0.5).distance(toSegmentFrom: a, to: b) - degree) < 50)
        #expect(abs(GeoPoint(latitude: 0, longitude: 2).distance(toSegmentFrom: a, to: b) - degree) < 5)  // past the end
        #expect(abs(GeoPoint(latitude: 0, longitude: -1).distance(toSegmentFrom: a, to: b) - degree) < 5)  // behind the start
        #expect(GeoPoint(latitude: 0, longitude: 0.5).distance(toRoute: [a, b]) < 1)
        // Almaty to Astana, about 970 km.
        let almaty = GeoPoint(latitude: 43.2389, longitude: 76.8897), astana = GeoPoint(latitude: 51.1694, longitude: 71.4491)
        #expect((960_000...980_000).contains(almaty.distance(to: astana)))
    }

    @Test func eachKindOfEventRaisesItsAlertsWithEvidence() {
        let route = [GeoPoint(latitude: 44.21, longitude: 80.41), GeoPoint(latitude: 43.24, longitude: 76.89)]  // Khorgos to Almaty
        let expected = CheckpointAlert.Expectation(plates: ["А123ВС02", "45KZ02"], route: route)
        func alerts(_ reading: DeviceEvent.Reading, _ expectation: CheckpointAlert.Expectation? = nil) -> [CheckpointAlert] {
            CheckpointAlert.raised(by: event(reading), expected: expectation ?? expected, limits: limits, routeTolerance: 5_000)
        }
        // A Cyrillic plate typed by the declarant matches the camera's Latin read.
        #expect(alerts(.plate(camera: "C", lane: 1, plate: "a123bc 02", confidence: 0.9)).isEmpty)
        #expect(alerts(.plate(camera: "C", lane: 1, plate: "777AAA01", confidence: 0.9)) == [CheckpointAlert(.plateMismatch, ["plate": "777AAA01", "declared": "А123ВС02, 45KZ02"])])
        #expect(CheckpointAlert.raised(by: event(.plate(camera: "C", lane: 1, plate: "777AAA01", confidence: 0.9)), expected: nil, limits: limits,
                                       routeTolerance: 5_000).map(\.rule) == [.noOpenMovement])

        let heavy = alerts(.weighing(grossKg: 41_250, axleLoadsKg: [7_000, 10_400, 8_000, 8_000, 7_850], lengthM: 16.5, widthM: 2.6, heightM: 4))
        #expect(heavy == [CheckpointAlert(.overweight, ["measured": "41250", "limit": "40000", "axles": "5"]),
                          CheckpointAlert(.axleOverload, ["axle": "2", "measured": "10400", "limit": "10000"]),
                          CheckpointAlert(.oversize, ["dimension": "width", "measured": "2.6", "limit": "2.55"])])
        #expect(alerts(.weighing(grossKg: 43_000, axleLoadsKg: Array(repeating: 7_100, count: 6), lengthM: nil, widthM: nil, heightM: nil)).isEmpty)

        #expect(alerts(.seal(sealID: "ES-77", state: .opened)).map(\.rule) == [.sealOpened])
        #expect(alerts(.seal(sealID: "ES-77", state: .signalLost)).map(\.rule) == [.sealSilent])
        #expect(alerts(.seal(sealID: "ES-77", state: .batteryLow)).isEmpty)

        // On the road between the two (within 5 km) and 40 km north of it.
        #expect(alerts(.position(plate: "A123BC02", point: GeoPoint(latitude: 43.72, longitude: 78.65))).isEmpty)
        let off = alerts(.position(plate: "A123BC02", point: GeoPoint(latitude: 44.09, longitude: 78.65)))
        #expect(off.map(\.rule) == [.routeDeviation] && Int(off.first?.values["metres"] ?? "") ?? 0 > 30_000)

        #expect(alerts(.radiation(microsievertsPerHour: 0.9, alarm: true)).map(\.rule) == [.radiation])
        #expect(alerts(.radiation(microsievertsPerHour: 0.1, alarm: false)).isEmpty)
    }

    @Test func theLimitsInForceAreTheLatestStartedOnTheDay() {
        var later = limits
        later.validFrom = CustomsDay(year: 2026, month: 7, day: 1)
        later.axleKg = 11_500
        #expect(VehicleLimits.inForce([later, limits], on: CustomsDay(year: 2026, month: 6, day: 30))?.axleKg == 10_000)
        #expect(VehicleLimits.inForce([later, limits], on: CustomsDay(year: 2026, month: 7, day: 1))?.axleKg == 11_500)
        #expect(VehicleLimits.inForce([later], on: CustomsDay(year: 2026, month: 1, day: 1)) == nil)
        #expect(limits.grossKg(axles: 7) == 44_000 && limits.grossKg(axles: 1) == nil)
    }

    @Test func aReadingKeptAsJSONReadsBackTheSame() throws {
        let readings: [DeviceEvent.Reading] = [
            .plate(camera: "NZ \"IN\" 1\\", lane: 3, plate: "512 HBA 02", confidence: 0.95, gate: .departure, direction: .exit),
            .weighing(grossKg: 41250.5, axleLoadsKg: [7000, 8500.25], lengthM: 16.5, widthM: nil, heightM: 4),
            .seal(sealID: "ENS-1\n2", state: .signalLost),
            .position(plate: "А123ВС02", point: GeoPoint(latitude: 44.215, longitude: -0.000015)),
            .radiation(microsievertsPerHour: 0.12, alarm: false),
            .scan(imageSHA256: String(repeating: "ab", count: 32)),
        ]
        for reading in readings {
            #expect(try JSONDecoder().decode(DeviceEvent.Reading.self, from: Data(reading.storedJSON.utf8)) == reading, "\(reading.storedJSON)")
        }
    }
}
