import Foundation
import KeruenAPI
import KeruenCore
import OpenAPIRuntime

extension APIHandler {
    var border: BorderWorkflow { BorderWorkflow(dependencies: dependencies) }

    func ingestDeviceEvents(_ input: Operations.IngestDeviceEvents.Input) async throws -> Operations.IngestDeviceEvents.Output {
        guard case .json(let json) = input.body else { throw APIProblem(.badRequest, "bad-request") }
        let principal = try RequestScope.requirePrincipal()
        let result = try await border.ingest(try APIMapping.deviceEvents(json.events), principal: principal)
        return .ok(.init(body: .json(.init(accepted: result.accepted, duplicates: result.duplicates,
                                           alerts: result.alerts.map { APIMapping.alert($0, language: language, localizer: dependencies.localizer) }))))
    }

    func listAlerts(_ input: Operations.ListAlerts.Input) async throws -> Operations.ListAlerts.Output {
        let alerts = try await border.alerts(unresolvedOnly: !(input.query.all ?? false), checkpoint: input.query.checkpoint, movementID: input.query.movement,
                                             principal: try RequestScope.requirePrincipal())
        return .ok(.init(body: .json(alerts.map { APIMapping.alert($0, language: language, localizer: dependencies.localizer) })))
    }

    func assignAlert(_ input: Operations.AssignAlert.Input) async throws -> Operations.AssignAlert.Output {
        guard case .json(let json) = input.body else { throw APIProblem(.badRequest, "bad-request") }
        let alert = try await border.handle(alertID: input.path.alertId, .assign(to: json.officer), principal: try RequestScope.requirePrincipal())
        return .ok(.init(body: .json(APIMapping.alert(alert, language: language, localizer: dependencies.localizer))))
    }

    func acknowledgeAlert(_ input: Operations.AcknowledgeAlert.Input) async throws -> Operations.AcknowledgeAlert.Output {
        let alert = try await border.handle(alertID: input.path.alertId, .acknowledge, principal: try RequestScope.requirePrincipal())
        return .ok(.init(body: .json(APIMapping.alert(alert, language: language, localizer: dependencies.localizer))))
    }

    func resolveAlert(_ input: Operations.ResolveAlert.Input) async throws -> Operations.ResolveAlert.Output {
        guard case .json(let json) = input.body else { throw APIProblem(.badRequest, "bad-request") }
        let alert = try await border.handle(alertID: input.path.alertId, .resolve(note: json.note), principal: try RequestScope.requirePrincipal())
        return .ok(.init(body: .json(APIMapping.alert(alert, language: language, localizer: dependencies.localizer))))
    }

    func bookQueueSlot(_ input: Operations.BookQueueSlot.Input) async throws -> Operations.BookQueueSlot.Output {
        guard case .json(let json) = input.body else { throw APIProblem(.badRequest, "bad-request") }
        let entry = try await border.book(checkpoint: input.path.code, direction: QueueEntry.Direction(rawValue: json.direction.rawValue)!,
                                          slot: json.slotStart, plate: json.plate, principal: try RequestScope.requirePrincipal())
        return .created(.init(body: .json(APIMapping.queueEntry(entry))))
    }

    func listBookings(_ input: Operations.ListBookings.Input) async throws -> Operations.ListBookings.Output {
        .ok(.init(body: .json(try await border.bookings(principal: try RequestScope.requirePrincipal()).map(APIMapping.queueEntry))))
    }

    func cancelBooking(_ input: Operations.CancelBooking.Input) async throws -> Operations.CancelBooking.Output {
        .ok(.init(body: .json(APIMapping.queueEntry(try await border.cancel(bookingID: input.path.bookingId, principal: try RequestScope.requirePrincipal())))))
    }

    func getCheckpointQueue(_ input: Operations.GetCheckpointQueue.Input) async throws -> Operations.GetCheckpointQueue.Output {
        let direction = input.query.direction.flatMap { QueueEntry.Direction(rawValue: $0.rawValue) } ?? .entry
        let view = try await border.queue(checkpoint: input.path.code, direction: direction)
        return .ok(.init(body: .json(.init(checkpoint: view.checkpoint.code, name: view.checkpoint.names.text(in: language),
                                           direction: .init(rawValue: direction.rawValue)!, trucksPerHour: view.capacity,
                                           waiting: view.waiting.count, expectedWaitMinutes: Int(view.expectedWait / 60),
                                           slots: view.slots.map { .init(start: $0.start, free: $0.free) }))))
    }

    func setQueueCapacity(_ input: Operations.SetQueueCapacity.Input) async throws -> Operations.SetQueueCapacity.Output {
        guard case .json(let json) = input.body else { throw APIProblem(.badRequest, "bad-request") }
        let capacity = try await border.setCapacity(json.trucksPerHour, checkpoint: input.path.code, principal: try RequestScope.requirePrincipal())
        return .ok(.init(body: .json(.init(trucksPerHour: capacity))))
    }

    func listVehicleLimits(_ input: Operations.ListVehicleLimits.Input) async throws -> Operations.ListVehicleLimits.Output {
        .ok(.init(body: .json(try await border.vehicleLimits(principal: try RequestScope.requirePrincipal()).map(APIMapping.vehicleLimits))))
    }

    func setVehicleLimits(_ input: Operations.SetVehicleLimits.Input) async throws -> Operations.SetVehicleLimits.Output {
        guard case .json(let json) = input.body else { throw APIProblem(.badRequest, "bad-request") }
        guard let day = CustomsDay(iso: json.validFrom) else { throw APIProblem.validation([ValidationProblem("/validFrom", expected: .date)]) }
        var gross: [Int: Double] = [:]
        for (axles, kg) in json.grossKgByAxles.additionalProperties {
            guard let count = Int(axles), count > 0 else { throw APIProblem.validation([ValidationProblem("/grossKgByAxles/\(axles)", .outOfRange)]) }
            gross[count] = kg
        }
        let limits = VehicleLimits(validFrom: day, grossKgByAxles: gross, axleKg: json.axleKg, lengthM: json.lengthM, widthM: json.widthM, heightM: json.heightM)
        return .created(.init(body: .json(APIMapping.vehicleLimits(try await border.setVehicleLimits(limits, principal: try RequestScope.requirePrincipal())))))
    }
}

extension APIMapping {
    /// A device's events as the domain reads them; a reading missing a field its type needs is reported at that field (and the batch refused).
    /// The batch's events, or every field its events lack.
    static func deviceEvents(_ payloads: [Schemas.DeviceEvent]) throws -> [DeviceEvent] {
        let problems = payloads.enumerated().flatMap { index, payload in
            payload.missingFields.map { ValidationProblem("/events/\(index)/\($0)", .required) }
        }
        if !problems.isEmpty { throw APIProblem.validation(problems) }
        return payloads.compactMap(\.event)
    }

    static func alert(_ a: ControlAlert, language: Language, localizer: Localizer) -> Schemas.ControlAlert {
        .init(id: a.id, rule: a.alert.rule.rawValue, evidence: .init(additionalProperties: a.alert.values),
              message: localizer.text("alert.\(a.alert.rule.rawValue)", language, a.alert.values), checkpoint: a.checkpoint, movementId: a.movementID,
              plate: a.plate, device: a.device, eventId: a.eventID, at: a.at, raisedAt: a.raisedAt, status: .init(rawValue: a.status.rawValue)!,
              assignee: a.assignee, acknowledgedBy: a.acknowledgedBy, acknowledgedAt: a.acknowledgedAt, resolvedBy: a.resolvedBy, resolvedAt: a.resolvedAt,
              note: a.note)
    }

    static func queueEntry(_ e: QueueEntry) -> Schemas.QueueEntry {
        .init(id: e.id, checkpoint: e.checkpoint, direction: .init(rawValue: e.direction.rawValue)!, plate: e.plate, slotStart: e.slotStart,
              status: .init(rawValue: e.status.rawValue)!, createdAt: e.createdAt, arrivedAt: e.arrivedAt, departedAt: e.departedAt)
    }

    static func vehicleLimits(_ l: VehicleLimits) -> Schemas.VehicleLimits {
        .init(validFrom: l.validFrom.description, grossKgByAxles: .init(additionalProperties: Dictionary(uniqueKeysWithValues: l.grossKgByAxles.map { (String($0.key), $0.value) })),
              axleKg: l.axleKg, lengthM: l.lengthM, widthM: l.widthM, heightM: l.heightM)
    }
}
