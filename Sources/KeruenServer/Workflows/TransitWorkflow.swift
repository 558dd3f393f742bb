import Foundation
import KeruenCore
import KeruenStore

/// Transit under guarantee: a transit declaration accepted at departure with its guarantee reserved,
/// the movement's events recorded by the offices on its route, the TIR termination for the guarantee
/// chain, and the watch that turns late movements into alerts and, after the grace period, calls the
/// guarantee. Every change is one transaction with its audit record; every refusal is audited.
struct TransitWorkflow: Sendable {
    let dependencies: AppDependencies
    var store: Store { dependencies.store }

    // MARK: Declaring

    /// Accepts a transit declaration filed by its holder (or the holder's broker): checks it, computes
    /// the duties and taxes at stake, reserves them against the guarantee and numbers the movement.
    func declare(_ particulars: TransitDeclaration, principal: Principal) async throws -> TransitRepository.Record {
        try await dependencies.recordingRefusal("transit.declare", objectType: "transit", objectID: particulars.goods.officeCode ?? "", principal: principal) {
            guard FilingRights(principal: principal).mayFile else { throw APIProblem.forbidden }
            var particulars = particulars
            if particulars.goods.kind == nil { particulars.goods.kind = .transit }
            if particulars.goods.procedure == nil { particulars.goods.procedure = "80" }
            let now = dependencies.clock()
            let day = CustomsDay(containing: now)
            let calculator = try await dependencies.paymentReference.calculator(now: now)
            return try await store.write { [particulars] session in
                var particulars = particulars
                let principal = try await DeclarationWorkflow(dependencies: dependencies).withRepresentations(principal, in: session, day: day)
                var problems = FilingRights(principal: principal).apply(to: &particulars.goods).map { $0.nested(under: "/goods") }
                problems += TransitDeclarationValidator(reference: dependencies.reference).problems(in: particulars)
                var amount = Tenge.zero
                if problems.isEmpty {
                    switch calculator.assess(particulars.importEquivalent(), on: day) {
                    case .assessed(let assessment): amount = TransitDeclaration.amountAtStake(in: assessment)
                    case .problems(let found): problems += found.map { $0.nested(under: "/goods") }
                    }
                }
                if !problems.isEmpty { throw APIProblem.validation(problems) }
                let holder = particulars.goods.declarant?.identificationNumber ?? ""
                let office = particulars.goods.officeCode ?? ""
                let id = TimeOrderedID.make(at: now)
                var guaranteeID: String?
                let choice = particulars.guarantee!
                switch choice.kind {
                case .tir:
                    let carnet = TIRCarnet.normalized(choice.carnet ?? "")!
                    particulars.guarantee?.carnet = carnet
                    if let open = try await session.transit.carnetInUse(carnet) {
                        throw APIProblem(.conflict, "carnet-in-use", detail: "TIR carnet \(carnet) has an operation open under \(open).",
                                         fields: [ValidationProblem("/guarantee/carnet", .inUse, ["by": open])])
                    }
                case .general, .single:
                    guard let guarantee = try await session.guarantees.find(id: choice.guaranteeID ?? ""), guarantee.companyBIN == holder,
                          guarantee.kind.rawValue == choice.kind.rawValue, guarantee.validFrom <= day, day <= guarantee.validTo,
                          guarantee.kind == .general || guarantee.reserved == .zero else {
                        throw APIProblem.validation([ValidationProblem("/guarantee/guaranteeId", .unknownCode)])
                    }
                    guaranteeID = guarantee.id
                }
                let serial = try await session.declarations.nextSerial(officeCode: office, day: day)
                let record = TransitRepository.Record(
                    id: id, number: RegistrationNumber(officeCode: office, day: day, serial: serial).description, holderBIN: holder,
                    particulars: particulars, movement: TransitRepository.movement(id: id, particulars), history: [], version: 1, amount: amount,
                    guaranteeID: guaranteeID, alert: nil, createdAt: now, createdBy: principal.username)
                try await session.transit.insert(record)
                if let guaranteeID, try await !session.transit.secure(movementID: id, with: guaranteeID, amount: amount, at: now) {
                    let guarantee = try await session.guarantees.find(id: guaranteeID)
                    throw APIProblem(.unprocessableContent, "guarantee-exhausted",
                                     detail: "Guarantee \(guarantee?.number ?? guaranteeID) has \(guarantee?.available ?? .zero) KZT left; this movement needs \(amount) KZT.",
                                     fields: [ValidationProblem("/guarantee/guaranteeId", .insufficient,
                                                               ["available": (guarantee?.available ?? .zero).description, "needed": amount.description])])
                }
                session.record(AuditEntry(actor: principal.username, action: "transit.declare", objectType: "transit", objectID: id, at: now,
                                          stateDigest: try StateDigest.of(particulars)))
                return record
            }
        }
    }

    // MARK: The movement's events

    /// Records an event of the movement by the office it happens at (release at departure, passage at an
    /// office of transit, arrival and termination at destination); the control centre records diversions
    /// and incidents. Discharge gives the guarantee back.
    func record(_ event: TransitEvent, movementID: String, principal: Principal) async throws -> TransitRepository.Record {
        try await dependencies.recordingRefusal("transit.\(event.kind)", objectType: "transit", objectID: movementID, principal: principal) {
            try await store.write { session in
                let now = dependencies.clock()
                guard var record = try await session.transit.find(id: movementID), mayRead(record, principal) else { throw APIProblem.notFound }
                guard mayRecord(event, on: record.movement, principal: principal) else { throw APIProblem.forbidden }
                do {
                    try record.movement.apply(event, at: now)
                } catch let refusal as TransitRefusal {
                    throw APIProblem(.conflict, refusal.rawValue, detail: "The movement is \(record.movement.status.rawValue); \(event.kind) does not fit.")
                }
                guard try await session.transit.append(event, to: record.movement, expectedVersion: record.version, by: principal.username, at: now) else {
                    throw APIProblem(.conflict, "edit-conflict", detail: "The movement changed meanwhile; read it again.")
                }
                record.version += 1
                record.history.append((event, now, principal.username))
                if case .discharge = event { try await session.transit.releaseSecurity(movementID: movementID, at: now) }
                session.record(AuditEntry(actor: principal.username, action: "transit.\(event.kind)", objectType: "transit", objectID: movementID, at: now,
                                          stateDigest: try StateDigest.of(event)))
                return record
            }
        }
    }

    private func mayRecord(_ event: TransitEvent, on movement: TransitMovement, principal: Principal) -> Bool {
        if principal.has(.controlCentre) {
            switch event {
            case .diversion, .incident: return true
            default: break
            }
        }
        guard principal.hasAny(.officer, .supervisor), let office = principal.officeCode else { return false }
        switch event {
        case .release: return office == movement.departureOffice
        case .passage(let at): return office == at
        case .arrival(let at): return office == at
        case .termination, .discharge: return office == movement.destinationOffice
        case .diversion: return office == movement.departureOffice || office == movement.destinationOffice
        case .incident: return true
        }
    }

    /// Customs see every movement; a trader its own company's.
    func mayRead(_ record: TransitRepository.Record, _ principal: Principal) -> Bool {
        principal.hasAny(.officer, .supervisor, .controlCentre, .riskAnalyst, .admin) || principal.companyBIN == record.holderBIN
            || principal.companyBIN == record.particulars.goods.representative?.identificationNumber
    }

    func movement(id: String, principal: Principal) async throws -> TransitRepository.Record {
        guard let record = try await store.read({ try await $0.transit.find(id: id) }), mayRead(record, principal) else { throw APIProblem.notFound }
        return record
    }

    func list(status: TransitStatus?, alerted: Bool, principal: Principal, limit: Int = 200) async throws -> [TransitRepository.Summary] {
        let customs = principal.hasAny(.officer, .supervisor, .controlCentre, .riskAnalyst, .admin)
        guard customs || principal.companyBIN != nil else { throw APIProblem.forbidden }
        return try await store.read { try await $0.transit.list(status: status, alerted: alerted, holderBIN: customs ? nil : principal.companyBIN, limit: limit) }
    }

    // MARK: TIR

    /// The SafeTIR termination record of a terminated TIR movement.
    func tirTermination(movementID: String, principal: Principal) async throws -> TIRTermination {
        let record = try await movement(id: movementID, principal: principal)
        guard let termination = Self.tirTermination(of: record) else {
            throw APIProblem(.conflict, "tir-not-terminated", detail: "Movement \(record.number) has no TIR termination (not TIR, or not terminated).")
        }
        return termination
    }

    /// A terminated TIR movement's record: Kazakhstan's office, the movement's number as the reference, its
    /// packages, a final discharge (one voucher per movement); nil for a movement that is not TIR or not terminated.
    private static func tirTermination(of record: TransitRepository.Record) -> TIRTermination? {
        guard record.particulars.guarantee?.kind == .tir else { return nil }
        return TIRTermination(carnet: record.particulars.guarantee?.carnet ?? "", movement: record.movement, country: "KZ",
                              reference: record.number, packages: record.particulars.packages ?? 0, discharge: .final)
    }

    /// The TIR terminations of the days `from`…`to` (customs' days) as a CSV file in the SafeTIR fields' order.
    func tirTerminationsCSV(from: CustomsDay, to: CustomsDay, principal: Principal) async throws -> String {
        guard principal.hasAny(.officer, .supervisor, .controlCentre, .admin) else { throw APIProblem.forbidden }
        let records = try await store.read { try await $0.transit.terminatedTIR(from: from.start, to: to.end) }
        var lines = ["carnet_number,country,customs_office,termination_date,reference,discharge,with_reservation,reservation,packages,message"]
        for record in records {
            guard let t = Self.tirTermination(of: record) else { continue }
            let fields = [t.carnetNumber, t.country, t.customsOffice, t.terminatedOn.description, t.reference, t.discharge.rawValue,
                          t.withReservation ? "yes" : "no", t.reservation ?? "", String(t.packages), t.message.rawValue]
            lines.append(fields.map(CSVField.escaped).joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    // MARK: The watch

    /// Raises the alerts of movements past their deadline; once the grace period has passed too, the
    /// movement is a suspected false transit and its guarantee is called. Each movement once per alert.
    func watch() async throws {
        let now = dependencies.clock()
        let grace = TimeInterval(dependencies.configuration.transitGrace.components.seconds)
        for (moment, level) in [(now - grace, TransitAlert.suspectedFalseTransit), (now, .overdue)] {
            for id in try await store.read({ try await $0.transit.pastDeadline(moment, notYet: level) }) {
                try await store.write { session in
                    guard let record = try await session.transit.find(id: id), let alert = record.movement.alert(at: now, grace: grace),
                          alert == level, record.alert != level else { return }
                    try await raise(alert, for: record, at: now, in: session)
                }
            }
        }
        try await watchSeals(at: now)
        _ = try await store.write { session in try await session.border.lapseBookings(before: now - QueueEntry.lateArrival) }
    }

    /// A movement on its way whose electronic seals have not been heard for ``AppConfiguration/sealSilence``
    /// (since their last report, or since release) raises a silent-seal alert, once until it is resolved.
    private func watchSeals(at now: Date) async throws {
        let silence = TimeInterval(dependencies.configuration.sealSilence.components.seconds)
        for movement in try await store.read({ try await $0.transit.onTheirWay() }) {
            let seals = (movement.particulars.seals ?? []).filter(\.electronic).map(\.id)
            guard !seals.isEmpty else { continue }
            // Read first, outside the writer: most movements are heard from, and the writer serves the devices.
            let last = try await store.read { try await $0.border.lastHeard(movementID: movement.id) } ?? movement.releasedAt
            guard now.timeIntervalSince(last) > silence else { continue }
            try await store.write { session in
                guard try await !session.border.hasOpenAlert(movementID: movement.id, rule: .sealSilent) else { return }
                let alert = CheckpointAlert(.sealSilent, ["seal": seals.joined(separator: ", "), "minutes": String(Int(now.timeIntervalSince(last) / 60))])
                try await session.border.insert([ControlAlert(id: TimeOrderedID.make(at: now), alert: alert, checkpoint: nil, movementID: movement.id,
                                                              plate: movement.particulars.plates.first, device: nil, eventID: nil, at: last, raisedAt: now)])
            }
        }
    }

    private func raise(_ alert: TransitAlert, for record: TransitRepository.Record, at now: Date, in session: StoreSession) async throws {
        try await session.transit.setAlert(alert, movementID: record.id)
        let deadline = record.movement.deadline ?? now
        let values = ["number": record.number, "deadline": ISO8601DateFormatter().string(from: deadline),
                      "hoursLate": String(Int((now.timeIntervalSince(deadline) / 3_600).rounded(.down))),
                      "unpassed": record.movement.unpassedOffices.joined(separator: ", ")]
        let rule: CheckpointAlert.Rule = alert == .overdue ? .overdue : .suspectedFalseTransit
        try await session.border.insert([ControlAlert(id: TimeOrderedID.make(at: now), alert: CheckpointAlert(rule, values), checkpoint: nil,
                                                      movementID: record.id, plate: record.particulars.plates.first, device: nil, eventID: nil,
                                                      at: deadline, raisedAt: now)])
        session.record(AuditEntry(actor: "keruen", action: "transit.\(alert.rawValue)", objectType: "transit", objectID: record.id, at: now,
                                  stateDigest: try StateDigest.of(values)))
        guard alert == .suspectedFalseTransit else { return }
        let guarantee = record.particulars.guarantee?.carnet.map { "TIR \($0)" } ?? record.guaranteeID ?? "none"
        if try await session.transit.claim(id: TimeOrderedID.make(at: now), movementID: record.id, guarantee: guarantee, amount: record.amount,
                                           reason: "not arrived \(values["hoursLate"]!) h after the deadline", at: now) {
            session.record(AuditEntry(actor: "keruen", action: "guarantee.claim", objectType: "transit", objectID: record.id, at: now,
                                      stateDigest: try StateDigest.of(["guarantee": guarantee, "amount": record.amount.description])))
        }
    }
}
