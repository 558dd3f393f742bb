import Foundation
import KeruenCore
import KeruenStore

/// Border checkpoints' devices and what follows from their readings: a batch is checked whole, kept
/// once (a resent batch adds nothing), matched to open movements by plate, seal or the document shown,
/// judged by the alert rules, and checks vehicles in and out of the electronic queue — all in the batch's
/// transaction, so an acknowledged batch is kept with its alerts or not at all.
struct BorderWorkflow: Sendable {
    let dependencies: AppDependencies
    var store: Store { dependencies.store }

    /// A vehicle read at a checkpoint with a goods declaration in control or released within this time is not unknown.
    static let declarationWindow: TimeInterval = 7 * 86_400

    struct Ingested: Sendable {
        var accepted: Int
        var duplicates: Int
        var alerts: [ControlAlert]
    }

    func ingest(_ events: [DeviceEvent], principal: Principal) async throws -> Ingested {
        guard principal.has(.device), let checkpoint = principal.officeCode else { throw APIProblem.forbidden }
        let now = dependencies.clock()
        let problems = DeviceBatchValidator.problems(in: events, now: now)
        if !problems.isEmpty {
            dependencies.logger.warning("device batch refused", metadata: ["device": "\(principal.username)", "problems": "\(problems.count)"])
            throw APIProblem.validation(problems)
        }
        let tolerance = dependencies.configuration.routeTolerance
        // Everything but the writing is done before the write transaction, which runs one batch at a time:
        // the batch is matched against the movements open when it arrived, and its alerts are judged as if
        // every event were new; the transaction keeps those of the events the device had not sent before.
        let stored = events.map { BorderRepository.StoredEvent(device: principal.username, checkpoint: checkpoint, event: $0, movementID: nil) }
        var plates = Set<String>(), seals = Set<String>(), numbers = Set<String>()
        for entry in stored {
            if let plate = entry.plate { plates.insert(plate) }
            if case .seal(let seal, _) = entry.event.reading { seals.insert(seal) }
            if let number = entry.event.reference { numbers.insert(number) }
        }
        let (insertion, alerts, arrivals) = try await store.read { [stored, plates, seals, numbers] session in
            var stored = stored
            let byPlate = try await session.transit.openMovements(plates: Array(plates))
            let bySeal = try await session.transit.openMovements(seals: Array(seals))
            let byNumber = try await session.transit.openMovements(numbers: Array(numbers))
            let expectations = try await dependencies.transitParticulars.expectations(
                ids: Set(byPlate.values).union(bySeal.values).union(byNumber.values), reference: dependencies.reference, in: session)
            let declared = try await session.border.declaredPlates(Array(plates.subtracting(byPlate.keys)), since: now - Self.declarationWindow)
            let limits = try await session.border.vehicleLimits()
            var alerts: [ControlAlert] = [], arrivals: [BorderRepository.StoredEvent] = [], seen = Set<String>()
            for index in stored.indices {
                let event = stored[index].event
                if let number = event.reference, let id = byNumber[number] { stored[index].movementID = id }
                else if case .seal(let seal, _) = event.reading { stored[index].movementID = bySeal[seal] }
                else { stored[index].movementID = stored[index].plate.flatMap { byPlate[$0] } }
                // An event id sent twice in one batch is kept once, with the alerts of its first copy.
                guard seen.insert(event.eventID).inserted else { continue }
                let entry = stored[index]
                if case .plate = event.reading { arrivals.append(entry) }
                var raised = CheckpointAlert.raised(by: event, expected: entry.movementID.flatMap { expectations[$0] },
                                                    limits: VehicleLimits.inForce(limits, on: CustomsDay(containing: event.time)), routeTolerance: tolerance)
                if let plate = entry.plate, declared.contains(plate) { raised.removeAll { $0.rule == .noOpenMovement } }
                alerts += raised.map {
                    ControlAlert(id: TimeOrderedID.make(at: now), alert: $0, checkpoint: checkpoint, movementID: entry.movementID, plate: entry.plate,
                                 device: principal.username, eventID: event.eventID, at: event.time, raisedAt: now)
                }
            }
            return (session.border.insertion(of: stored, at: now), alerts, arrivals)
        }
        return try await store.write { session in
            let inserted = try await session.border.insert(insertion)
            let kept = alerts.filter { $0.eventID.map(inserted.contains) == true }
            try await session.border.insert(kept)
            try await checkIn(arrivals.filter { inserted.contains($0.event.eventID) }, at: checkpoint, in: session)
            dependencies.metrics.deviceEvents(accepted: inserted.count, duplicates: events.count - inserted.count, alerts: kept.count)
            return Ingested(accepted: inserted.count, duplicates: events.count - inserted.count, alerts: kept)
        }
    }

    /// Plate reads move vehicles through the checkpoint's queue: at arrival a booking in its window is
    /// checked in (a vehicle without one joins as it comes); at departure the waiting vehicle has passed.
    private func checkIn(_ reads: [BorderRepository.StoredEvent], at checkpoint: String, in session: StoreSession) async throws {
        guard !reads.isEmpty, try await capacity(of: checkpoint, in: session) != nil else { return }
        var open = try await session.border.openEntries(plates: Array(Set(reads.compactMap(\.plate))), checkpoint: checkpoint)
        var walkIns: [QueueEntry] = []
        for read in reads.sorted(by: { $0.event.time < $1.event.time }) {
            guard case .plate(_, _, _, _, let gate, let direction) = read.event.reading, let plate = read.plate else { continue }
            let mine = open[plate, default: []].filter { $0.direction == direction }
            switch gate {
            case .arrival:
                guard !mine.contains(where: { $0.status == .waiting }) else { continue }
                if var booking = mine.first(where: { $0.checksIn(at: read.event.time) }) {
                    booking.status = .waiting
                    booking.arrivedAt = read.event.time
                    try await session.border.update(booking)
                    open[plate]?.removeAll { $0.id == booking.id }
                    open[plate, default: []].append(booking)
                } else {
                    let walkIn = QueueEntry(id: TimeOrderedID.make(at: read.event.time), checkpoint: checkpoint, direction: direction, plate: plate,
                                            slotStart: nil, carrierBIN: nil, status: .waiting, createdAt: read.event.time, arrivedAt: read.event.time)
                    walkIns.append(walkIn)
                    open[plate, default: []].append(walkIn)
                }
            case .departure:
                guard var waiting = mine.first(where: { $0.status == .waiting }) else { continue }
                waiting.status = .passed
                waiting.departedAt = read.event.time
                if let index = walkIns.firstIndex(where: { $0.id == waiting.id }) { walkIns[index] = waiting } else { try await session.border.update(waiting) }
                open[plate]?.removeAll { $0.id == waiting.id }
            }
        }
        try await session.border.insert(walkIns)
    }

    // MARK: Alerts

    func alerts(unresolvedOnly: Bool, checkpoint: String?, movementID: String?, principal: Principal, limit: Int = 200) async throws -> [ControlAlert] {
        guard Self.isControl(principal) else { throw APIProblem.forbidden }
        return try await store.read { try await $0.border.alerts(unresolvedOnly: unresolvedOnly, checkpoint: checkpoint, movementID: movementID, limit: limit) }
    }

    /// Assigns, acknowledges or resolves an alert (audited; a refusal too).
    func handle(alertID: String, _ action: ControlAlert.Action, principal: Principal) async throws -> ControlAlert {
        let name = switch action { case .assign: "alert.assign"; case .acknowledge: "alert.acknowledge"; case .resolve: "alert.resolve" }
        return try await dependencies.recordingRefusal(name, objectType: "alert", objectID: alertID, principal: principal) {
            guard Self.isControl(principal) else { throw APIProblem.forbidden }
            return try await store.write { session in
                let now = dependencies.clock()
                guard var alert = try await session.border.alert(id: alertID) else { throw APIProblem.notFound }
                if case .assign(let officer) = action {
                    guard let user = try await session.users.find(username: officer), user.roles.contains(where: { $0 == .controlCentre || $0 == .officer || $0 == .supervisor }) else {
                        throw APIProblem.validation([ValidationProblem("/officer", .unknownCode)])
                    }
                }
                if case .resolve(let note) = action, note.count > 2000 { throw APIProblem.validation([ValidationProblem("/note", .tooLong, ["maximum": "2000"])]) }
                do {
                    try alert.apply(action, by: principal.username, at: now)
                } catch let refusal as ControlAlert.Refusal {
                    if refusal == .noteRequired { throw APIProblem.validation([ValidationProblem("/note", .required)]) }
                    throw APIProblem(.conflict, refusal.rawValue, detail: "The alert is \(alert.status.rawValue).")
                }
                try await session.border.update(alert)
                session.record(AuditEntry(actor: principal.username, action: name, objectType: "alert", objectID: alertID, at: now,
                                          stateDigest: [alert.status.rawValue, alert.assignee ?? "", alert.note ?? ""].joined(separator: "|")))
                return alert
            }
        }
    }

    static func isControl(_ principal: Principal) -> Bool { principal.hasAny(.controlCentre, .officer, .supervisor, .riskAnalyst) }

    // MARK: Vehicle limits

    func vehicleLimits(principal: Principal) async throws -> [VehicleLimits] {
        guard Self.isControl(principal) || principal.has(.admin) else { throw APIProblem.forbidden }
        return try await store.read { try await $0.border.vehicleLimits() }.sorted { $0.validFrom < $1.validFrom }
    }

    /// A new set of limits from its day on (administrators; audited).
    func setVehicleLimits(_ limits: VehicleLimits, principal: Principal) async throws -> VehicleLimits {
        try await dependencies.recordingRefusal("vehicle-limits.set", objectType: "vehicle-limits", objectID: limits.validFrom.description, principal: principal) {
            guard principal.has(.admin) else { throw APIProblem.forbidden }
            var problems: [ValidationProblem] = []
            if limits.grossKgByAxles.isEmpty { problems.append(ValidationProblem("/grossKgByAxles", .required)) }
            for (axles, kg) in limits.grossKgByAxles where !(kg > 0) { problems.append(ValidationProblem("/grossKgByAxles/\(axles)", .notPositive)) }
            for (name, value) in [("axleKg", limits.axleKg), ("lengthM", limits.lengthM), ("widthM", limits.widthM), ("heightM", limits.heightM)] where !(value > 0) {
                problems.append(ValidationProblem("/" + name, .notPositive))
            }
            if !problems.isEmpty { throw APIProblem.validation(problems) }
            return try await store.write { session in
                try await session.border.setVehicleLimits(limits)
                session.record(AuditEntry(actor: principal.username, action: "vehicle-limits.set", objectType: "vehicle-limits", objectID: limits.validFrom.description,
                                          at: dependencies.clock(), stateDigest: try StateDigest.of(Dictionary(uniqueKeysWithValues: limits.grossKgByAxles.map { (String($0.key), $0.value) }))))
                return limits
            }
        }
    }

    // MARK: Electronic queue

    /// A carrier books an hour's slot at a checkpoint for one vehicle, if the hour has room.
    func book(checkpoint: String, direction: QueueEntry.Direction, slot: Date, plate: String, principal: Principal) async throws -> QueueEntry {
        try await dependencies.recordingRefusal("queue.book", objectType: "checkpoint", objectID: checkpoint, principal: principal) {
            guard principal.hasAny(.declarant, .broker), let carrier = principal.companyBIN else { throw APIProblem.forbidden }
            let now = dependencies.clock()
            let normalized = VehiclePlate.normalized(plate)
            var problems: [ValidationProblem] = []
            if normalized.isEmpty { problems.append(ValidationProblem("/plate", expected: .vehiclePlate)) }
            if QueueEntry.slot(containing: slot) != slot || slot < QueueEntry.slot(containing: now) || slot > now + QueueEntry.bookingHorizon {
                problems.append(ValidationProblem("/slotStart", .outOfRange))
            }
            if !problems.isEmpty { throw APIProblem.validation(problems) }
            return try await store.write { session in
                guard let capacity = try await capacity(of: checkpoint, in: session) else { throw APIProblem.notFound }
                if try await session.border.openEntries(plate: normalized, checkpoint: checkpoint).contains(where: { $0.direction == direction }) {
                    throw APIProblem(.conflict, "vehicle-already-queued", detail: "Vehicle \(normalized) already holds a booking or waits at this checkpoint.")
                }
                guard try await session.border.slotsTaken(checkpoint: checkpoint, direction: direction, slot: slot) < capacity else {
                    throw APIProblem(.conflict, "slot-full", detail: "The hour is fully booked (\(capacity) vehicles).", fields: [ValidationProblem("/slotStart", .insufficient, ["available": "0", "needed": "1"])])
                }
                let entry = QueueEntry(id: TimeOrderedID.make(at: now), checkpoint: checkpoint, direction: direction, plate: normalized, slotStart: slot,
                                       carrierBIN: carrier, status: .booked, createdAt: now)
                try await session.border.insert(entry)
                session.record(AuditEntry(actor: principal.username, action: "queue.book", objectType: "checkpoint", objectID: checkpoint, at: now,
                                          stateDigest: [entry.id, normalized, direction.rawValue, String(slot.microsecondsSince1970)].joined(separator: "|")))
                return entry
            }
        }
    }

    /// A carrier cancels its booking (only while it is booked).
    func cancel(bookingID: String, principal: Principal) async throws -> QueueEntry {
        try await dependencies.recordingRefusal("queue.cancel", objectType: "booking", objectID: bookingID, principal: principal) {
            try await store.write { session in
                guard var entry = try await session.border.entry(id: bookingID), entry.carrierBIN != nil, entry.carrierBIN == principal.companyBIN else {
                    throw APIProblem.notFound
                }
                guard entry.status == .booked else { throw APIProblem(.conflict, "booking-not-open", detail: "The booking is \(entry.status.rawValue).") }
                entry.status = .cancelled
                try await session.border.update(entry)
                session.record(AuditEntry(actor: principal.username, action: "queue.cancel", objectType: "booking", objectID: bookingID,
                                          at: dependencies.clock(), stateDigest: entry.status.rawValue))
                return entry
            }
        }
    }

    /// Which offices keep an electronic queue: road border checkpoints.
    static func keepsQueue(_ office: CustomsOffice) -> Bool { office.borderWith != nil && office.modes.contains("road") }

    /// The checkpoint's capacity: as its administrators set it, else the reference file's; nil where no queue is kept.
    func capacity(of code: String, in session: StoreSession) async throws -> Int? {
        guard let office = dependencies.reference.office(code), Self.keepsQueue(office) else { return nil }
        return try await session.border.capacities()[code] ?? office.trucksPerHour
    }

    /// An administrator sets how many trucks a checkpoint clears per hour in each direction (audited).
    func setCapacity(_ trucksPerHour: Int, checkpoint code: String, principal: Principal) async throws -> Int {
        try await dependencies.recordingRefusal("queue.capacity", objectType: "checkpoint", objectID: code, principal: principal) {
            guard principal.has(.admin) else { throw APIProblem.forbidden }
            guard let office = dependencies.reference.office(code), Self.keepsQueue(office) else { throw APIProblem.notFound }
            guard (1...10_000).contains(trucksPerHour) else {
                throw APIProblem.validation([ValidationProblem("/trucksPerHour", .outOfRange, ["minimum": "1", "maximum": "10000"])])
            }
            return try await store.write { session in
                let now = dependencies.clock()
                try await session.border.setCapacity(trucksPerHour, checkpoint: code, by: principal.username, at: now)
                session.record(AuditEntry(actor: principal.username, action: "queue.capacity", objectType: "checkpoint", objectID: code, at: now,
                                          stateDigest: String(trucksPerHour)))
                return trucksPerHour
            }
        }
    }

    func bookings(principal: Principal) async throws -> [QueueEntry] {
        guard let carrier = principal.companyBIN else { throw APIProblem.forbidden }
        return try await store.read { try await $0.border.bookings(carrierBIN: carrier, limit: 200) }
    }

    /// The public view of a checkpoint's queue in one direction: who waits, the expected wait, and the
    /// next day's hours with their free slots.
    struct QueueView: Sendable {
        var checkpoint: CustomsOffice
        /// Trucks per hour in each direction.
        var capacity: Int
        var direction: QueueEntry.Direction
        var waiting: [QueueEntry]
        var expectedWait: TimeInterval
        var slots: [(start: Date, free: Int)]
    }

    func queue(checkpoint code: String, direction: QueueEntry.Direction) async throws -> QueueView {
        guard let checkpoint = dependencies.reference.office(code),
              let capacity = try await store.read({ try await capacity(of: code, in: $0) }) else { throw APIProblem.notFound }
        let now = dependencies.clock()
        let first = QueueEntry.slot(containing: now)
        let (waiting, taken) = try await store.read { session in
            (try await session.border.waiting(checkpoint: code, direction: direction),
             try await session.border.slotsTaken(checkpoint: code, direction: direction, from: first, to: first + 24 * 3_600))
        }
        let slots = (0..<24).map { hour -> (Date, Int) in
            let start = first + TimeInterval(hour * 3_600)
            return (start, max(0, capacity - (taken[start] ?? 0)))
        }
        return QueueView(checkpoint: checkpoint, capacity: capacity, direction: direction, waiting: waiting,
                         expectedWait: QueueEntry.expectedWait(waiting: waiting.count, trucksPerHour: capacity), slots: slots)
    }
}
