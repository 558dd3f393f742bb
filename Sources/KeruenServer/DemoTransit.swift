import Foundation
import KeruenCore
import KeruenStore

/// The demo's China–Europe corridor: trucks entering at Nur Zholy (office of departure), passing the
/// Almaty logistics centre (office of transit) and leaving for Russia at Syrym (office of destination),
/// with movements in every state — just accepted, on the way with their GPS track, arrived, terminated,
/// discharged, overdue and a suspected false transit whose guarantee was called — and a day of the Nur
/// Zholy checkpoint's device events (plate reads, weighings, seals, positions, a radiation alarm…).
struct DemoTransit: Sendable {
    let dependencies: AppDependencies

    static let departure = "55201010", transitOffice = "55101030", destination = "55601010"
    static let devices = ["demo-nz-camera", "demo-nz-scales", "demo-nz-seals", "demo-nz-radiation"]

    /// The demo's transit declarations: goods from China for Germany under TIR or Altyn Trade's general guarantee.
    static func declaration(plate: String, trailer: String, carnet: String?, guaranteeID: String?, variant: Int, seal: String) -> TransitDeclaration {
        var goods = DemoDeclarations.importFromChina(itemCount: 2, variant: variant)
        goods.kind = .transit
        goods.procedure = "80"
        goods.incoterms = nil
        goods.destinationCountry = "DE"
        goods.consignee = Party(name: "Rhein Handel GmbH", country: "DE", address: "Duisburg")
        goods.transport = Transport(mode: "30", identification: plate, nationality: "KZ")
        return TransitDeclaration(
            goods: goods, transitOffices: [transitOffice], destinationOffice: destination, route: [departure, transitOffice, destination],
            timeLimitHours: 96, vehicles: [.init(plate: plate, trailerPlates: [trailer], nationality: "KZ")], containers: ["CSQU3054383"],
            seals: [.init(id: seal, electronic: true), .init(id: "KZ-\(seal.suffix(6))", electronic: false)], packages: 24 + variant,
            guarantee: carnet.map { .init(kind: .tir, carnet: $0) } ?? .init(kind: .general, guaranteeID: guaranteeID))
    }

    func load(trader: Principal, officers: (departure: Principal, transit: Principal, destination: Principal), controller: Principal) async throws {
        let now = dependencies.clock()
        let guarantee = try await PaymentWorkflow(dependencies: dependencies).registerGuarantee(
            Guarantee(id: TimeOrderedID.make(at: now), companyBIN: DemoData.traderBIN, kind: .general, number: "HB-TR-2026-0117",
                      amount: Tenge(tiyn: 150_000_000_00), validFrom: CustomsDay(containing: now - 30 * 86_400),
                      validTo: CustomsDay(containing: now + 365 * 86_400)), actor: "demo")
        /// Runs `body` as if it were `hoursAgo` hours ago.
        func at(hoursAgo: Double, _ body: (TransitWorkflow) async throws -> Void) async throws {
            var past = dependencies
            past.clock = { now - hoursAgo * 3_600 }
            try await body(TransitWorkflow(dependencies: past))
        }
        func movement(_ plate: String, carnet: String? = nil, variant: Int, seal: String, hoursAgo: Double,
                      steps: [(Double, TransitEvent, Principal)]) async throws -> String {
            var id = ""
            try await at(hoursAgo: hoursAgo) { workflow in
                id = try await workflow.declare(Self.declaration(plate: plate, trailer: "\(plate.prefix(3))TR\(plate.suffix(2))", carnet: carnet,
                                                                 guaranteeID: guarantee.id, variant: variant, seal: seal), principal: trader).id
            }
            for (ago, event, officer) in steps {
                try await at(hoursAgo: ago) { _ = try await $0.record(event, movementID: id, principal: officer) }
            }
            return id
        }
        let (nz, almaty, syrym) = officers
        _ = try await movement("345KTA02", carnet: "XE 41782236", variant: 0, seal: "ENS-880101", hoursAgo: 0.5, steps: [])
        let onTheWay = try await movement("512HBA02", variant: 1, seal: "ENS-880102", hoursAgo: 20, steps: [(19, .release, nz)])
        let passed = try await movement("771AAK05", carnet: "XE 41782237", variant: 2, seal: "ENS-880103", hoursAgo: 50,
                                        steps: [(49, .release, nz), (30, .passage(office: Self.transitOffice), almaty)])
        _ = try await movement("208KZT02", variant: 3, seal: "ENS-880104", hoursAgo: 80,
                               steps: [(79, .release, nz), (60, .passage(office: Self.transitOffice), almaty), (3, .arrival(office: Self.destination), syrym)])
        _ = try await movement("930ABE01", carnet: "XE 41782238", variant: 4, seal: "ENS-880105", hoursAgo: 100,
                               steps: [(99, .release, nz), (80, .passage(office: Self.transitOffice), almaty), (20, .arrival(office: Self.destination), syrym),
                                       (19, .termination(sealsIntact: true, reservation: nil), syrym)])
        _ = try await movement("615TRK02", variant: 5, seal: "ENS-880106", hoursAgo: 150,
                               steps: [(149, .release, nz),
                                       (120, .incident(TransitIncident(kind: .sealBroken, report: "Seal KZ-880106 broken when the tarpaulin tore in a storm; resealed by the Balkhash police patrol, act 114.",
                                                                       place: "A-3 road, km 412")), nz),
                                       (110, .passage(office: Self.transitOffice), almaty), (60, .arrival(office: Self.destination), syrym),
                                       (59, .termination(sealsIntact: false, reservation: "Seal KZ-880106 replaced en route (incident report act 114); goods as declared."), syrym),
                                       (58, .discharge, syrym)])
        _ = try await movement("404XXA13", variant: 6, seal: "ENS-880107", hoursAgo: 110, steps: [(105, .release, nz)])   // 96 h allowed: overdue
        _ = try await movement("666ZZZ13", variant: 7, seal: "ENS-880108", hoursAgo: 150, steps: [(148, .release, nz)])   // and past the grace period
        try await TransitWorkflow(dependencies: dependencies).watch()
        try await checkpointDay(onTheWay: onTheWay, passed: passed, now: now)
        // The control centre has handled some: the radiation alarm resolved, the first unknown vehicle acknowledged, the route deviation assigned.
        let workflow = BorderWorkflow(dependencies: dependencies)
        let alerts = try await workflow.alerts(unresolvedOnly: true, checkpoint: nil, movementID: nil, principal: controller)
        if let radiation = alerts.first(where: { $0.alert.rule == .radiation }) {
            _ = try await workflow.handle(alertID: radiation.id, .acknowledge, principal: controller)
            _ = try await workflow.handle(alertID: radiation.id, .resolve(note: "Ceramic tiles (natural potassium-40); the scan image is normal. Released to continue."),
                                          principal: controller)
        }
        if let unknown = alerts.last(where: { $0.alert.rule == .noOpenMovement }) {
            _ = try await workflow.handle(alertID: unknown.id, .acknowledge, principal: controller)
        }
        if let deviation = alerts.first(where: { $0.alert.rule == .routeDeviation }) {
            _ = try await workflow.handle(alertID: deviation.id, .assign(to: controller.username), principal: controller)
        }
    }

    /// A day of the Nur Zholy checkpoint's devices: ~300 trucks read at arrival and departure, weighed, their
    /// seals read; the GPS tracks of the movements on their way (one wandering off its route); a radiation alarm.
    private func checkpointDay(onTheWay: String, passed: String, now: Date) async throws {
        let workflow = BorderWorkflow(dependencies: dependencies)
        var generator = SeededRandomNumberGenerator(seed: 2026)
        var batches: [String: [DeviceEvent]] = [:]
        func add(_ device: String, _ minutesAgo: Double, _ reading: DeviceEvent.Reading) {
            batches[device, default: []].append(DeviceEvent(eventID: "\(device)-\(batches[device]?.count ?? 0)", time: now - minutesAgo * 60, reading: reading))
        }
        let regions = ["02", "05", "13", "01", "17"]
        // Most trucks leave for China empty or with exports; a few come in without any movement or declaration known here.
        for truck in 0..<300 {
            let plate = String(format: "%03d%@%@", 100 + truck, ["ABK", "KTA", "HBA", "ZAR"][truck % 4], regions[truck % regions.count])
            let arrived = Double.random(in: 30...(24 * 60), using: &generator)
            let direction: QueueEntry.Direction = truck % 25 == 0 ? .entry : .exit
            add("demo-nz-camera", arrived, .plate(camera: "NZ-IN-1", lane: 1 + truck % 4, plate: plate, confidence: Double.random(in: 0.86...0.99, using: &generator),
                                                  direction: direction))
            let axles = [5, 5, 6, 4][truck % 4]
            // Within the limits (32 t on four axles, 40 t on five) but for one truck.
            let gross = truck == 17 ? 47_800 : Double.random(in: 18_000...(axles == 4 ? 30_500 : 38_000), using: &generator)
            add("demo-nz-scales", arrived - 20, .weighing(grossKg: gross, axleLoadsKg: (0..<axles).map { _ in gross / Double(axles) }, lengthM: 16.4, widthM: 2.55, heightM: 3.9))
            if arrived > 90 {
                add("demo-nz-camera", arrived - Double.random(in: 40...80, using: &generator),
                    .plate(camera: "NZ-OUT-1", lane: 1, plate: plate, confidence: 0.97, gate: .departure, direction: direction))
            }
        }
        for (index, seal) in ["ENS-880102", "ENS-880103"].enumerated() {
            add("demo-nz-seals", 60 + Double(index), .seal(sealID: seal, state: .intact))
        }
        add("demo-nz-seals", 45, .seal(sealID: "ENS-880102", state: .batteryLow))
        add("demo-nz-radiation", 300, .radiation(microsievertsPerHour: 2.7, alarm: true))
        // Positions every 20 minutes along the declared line; the second truck strays 60 km south for an hour.
        let reference = dependencies.reference
        for (id, plate, hours, stray) in [(onTheWay, "512HBA02", 19.0, false), (passed, "771AAK05", 24.0, true)] {
            guard let record = try await dependencies.store.read({ try await $0.transit.find(id: id) }) else { continue }
            let line = record.particulars.routePoints(in: reference)
            for step in stride(from: hours * 60, to: 0, by: -20) {
                let share = 1 - step / (96 * 60)
                var point = Self.point(along: line, at: min(1, max(0, share * 0.9)))
                if stray, (60...120).contains(step) { point.latitude -= 0.55 }
                add("demo-nz-seals", step, .position(plate: plate, point: point))
            }
        }
        for (device, events) in batches {
            let principal = Principal(userID: device, username: device, roles: [.device], officeCode: Self.departure)
            for start in stride(from: 0, to: events.count, by: 500) {
                _ = try await workflow.ingest(Array(events[start..<min(events.count, start + 500)]), principal: principal)
            }
        }
    }

    /// The point a `share` of the way along a line of points (legs counted equal, each followed along its great circle).
    static func point(along line: [GeoPoint], at share: Double) -> GeoPoint {
        guard line.count > 1 else { return line.first ?? GeoPoint(latitude: 0, longitude: 0) }
        let position = share * Double(line.count - 1)
        let index = min(line.count - 2, Int(position))
        return line[index].point(towards: line[index + 1], fraction: position - Double(index))
    }
}
