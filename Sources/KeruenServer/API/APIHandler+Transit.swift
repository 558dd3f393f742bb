import Foundation
import KeruenAPI
import KeruenCore
import KeruenStore
import OpenAPIRuntime

extension APIHandler {
    var transit: TransitWorkflow { TransitWorkflow(dependencies: dependencies) }

    func declareTransit(_ input: Operations.DeclareTransit.Input) async throws -> Operations.DeclareTransit.Output {
        guard case .json(let json) = input.body else { throw APIProblem(.badRequest, "bad-request") }
        let record = try await transit.declare(try APIMapping.transitDeclaration(json), principal: try RequestScope.requirePrincipal())
        return .created(.init(body: .json(try await movement(record))))
    }

    func listTransitMovements(_ input: Operations.ListTransitMovements.Input) async throws -> Operations.ListTransitMovements.Output {
        let found = try await transit.list(status: input.query.status.flatMap { TransitStatus(rawValue: $0.rawValue) }, alerted: input.query.alerted ?? false,
                                           principal: try RequestScope.requirePrincipal())
        return .ok(.init(body: .json(found.map { summary in
            .init(id: summary.id, number: summary.number, holderBIN: summary.holderBIN, status: .init(rawValue: summary.status.rawValue)!,
                  departureOffice: summary.departureOffice, destinationOffice: summary.destinationOffice, deadline: summary.deadline,
                  alert: summary.alert.flatMap { .init(rawValue: $0.rawValue) }, updatedAt: summary.updatedAt)
        })))
    }

    func getTransitMovement(_ input: Operations.GetTransitMovement.Input) async throws -> Operations.GetTransitMovement.Output {
        let record = try await transit.movement(id: input.path.movementId, principal: try RequestScope.requirePrincipal())
        return .ok(.init(body: .json(try await movement(record))))
    }

    func recordTransitEvent(_ input: Operations.RecordTransitEvent.Input) async throws -> Operations.RecordTransitEvent.Output {
        guard case .json(let json) = input.body else { throw APIProblem(.badRequest, "bad-request") }
        let principal = try RequestScope.requirePrincipal()
        let office = json.office ?? principal.officeCode ?? ""
        let event: TransitEvent = switch json.event {
        case .release: .release
        case .passage: .passage(office: office)
        case .diversion: .diversion(to: json.office ?? "", reason: json.reason ?? "")
        case .incident:
            .incident(TransitIncident(kind: json.incident.flatMap { TransitIncident.Kind(rawValue: $0.kind.rawValue) } ?? .other,
                                      report: json.incident?.report ?? "", place: json.incident?.place ?? ""))
        case .arrival: .arrival(office: office)
        case .termination: .termination(sealsIntact: json.sealsIntact ?? true, reservation: json.reservation)
        case .discharge: .discharge
        }
        let record = try await transit.record(event, movementID: input.path.movementId, principal: principal)
        return .ok(.init(body: .json(try await movement(record))))
    }

    func getTransitTrack(_ input: Operations.GetTransitTrack.Input) async throws -> Operations.GetTransitTrack.Output {
        let record = try await transit.movement(id: input.path.movementId, principal: try RequestScope.requirePrincipal())
        let track = try await dependencies.store.read { try await $0.border.track(movementID: record.id) }
        return .ok(.init(body: .json(track.map { .init(at: $0.at, latitude: $0.point.latitude, longitude: $0.point.longitude) })))
    }

    func getTIRTermination(_ input: Operations.GetTIRTermination.Input) async throws -> Operations.GetTIRTermination.Output {
        let record = try await transit.tirTermination(movementID: input.path.movementId, principal: try RequestScope.requirePrincipal())
        return .ok(.init(body: .json(.init(carnetNumber: record.carnetNumber, country: record.country, customsOffice: record.customsOffice,
                                           terminatedOn: record.terminatedOn.description, reference: record.reference,
                                           discharge: .init(rawValue: record.discharge.rawValue)!, withReservation: record.withReservation,
                                           reservation: record.reservation, packages: record.packages, message: .init(rawValue: record.message.rawValue)!))))
    }

    func exportTIRTerminations(_ input: Operations.ExportTIRTerminations.Input) async throws -> Operations.ExportTIRTerminations.Output {
        guard let from = CustomsDay(iso: input.query.from), let to = CustomsDay(iso: input.query.to), from <= to else {
            throw APIProblem.validation([ValidationProblem(CustomsDay(iso: input.query.from) == nil ? "/from" : "/to", expected: .date)])
        }
        let csv = try await transit.tirTerminationsCSV(from: from, to: to, principal: try RequestScope.requirePrincipal())
        return .ok(.init(body: .csv(HTTPBody(csv))))
    }

    /// The movement as the API shows it, with the guarantee's claim if one was made.
    private func movement(_ record: TransitRepository.Record) async throws -> Components.Schemas.TransitMovement {
        let claim = try await dependencies.store.read { try await $0.transit.claim(movementID: record.id) }
        let m = record.movement
        return .init(
            id: record.id, number: record.number, holderBIN: record.holderBIN, status: .init(rawValue: m.status.rawValue)!, version: record.version,
            departureOffice: m.departureOffice, destinationOffice: m.destinationOffice, transitOffices: m.route, passedOffices: m.passed,
            releasedAt: m.releasedAt, deadline: m.deadline, arrivedAt: m.arrivedAt, alert: record.alert.flatMap { .init(rawValue: $0.rawValue) },
            amountAtStake: record.amount.description, guaranteeId: record.guaranteeID,
            claim: claim.map { .init(guarantee: $0.guarantee, amount: $0.amount.description, reason: $0.reason, claimedAt: $0.claimedAt) },
            particulars: APIMapping.transitDeclaration(record.particulars),
            history: record.history.map { step in
                .init(event: step.event.kind, office: step.event.office, note: step.event.note, at: step.at, actor: step.actor)
            },
            createdAt: record.createdAt)
    }
}

extension TransitEvent {
    /// The office an event names (passage, arrival, a diversion's new destination).
    var office: String? {
        switch self {
        case .passage(let office), .arrival(let office), .diversion(let office, _): office
        default: nil
        }
    }

    /// The words an event carries (a diversion's reason, an incident's report, a termination's reservation).
    var note: String? {
        switch self {
        case .diversion(_, let reason): reason
        case .incident(let incident): "\(incident.kind.rawValue): \(incident.report) (\(incident.place))"
        case .termination(let intact, let reservation): [intact ? "seals intact" : "seals broken", reservation].compactMap { $0 }.joined(separator: "; ")
        default: nil
        }
    }
}

extension APIMapping {
    static func transitDeclaration(_ body: Schemas.TransitDeclaration) throws -> TransitDeclaration {
        let goods: DeclarationContent
        do {
            goods = try content(body.goods)
        } catch let problem as APIProblem {
            throw APIProblem.validation(problem.fields.map { $0.nested(under: "/goods") })
        }
        return TransitDeclaration(
            goods: goods, transitOffices: body.transitOffices, destinationOffice: body.destinationOffice, route: body.route,
            timeLimitHours: body.timeLimitHours,
            vehicles: body.vehicles?.map { TransitDeclaration.Vehicle(plate: $0.plate, trailerPlates: $0.trailerPlates, nationality: $0.nationality) },
            containers: body.containers, seals: body.seals?.map { TransitDeclaration.Seal(id: $0.id, electronic: $0.electronic ?? false) },
            packages: body.packages,
            guarantee: body.guarantee.map { TransitDeclaration.GuaranteeChoice(kind: .init(rawValue: $0.kind.rawValue)!, carnet: $0.carnet, guaranteeID: $0.guaranteeId) })
    }

    static func transitDeclaration(_ t: TransitDeclaration) -> Schemas.TransitDeclaration {
        .init(goods: content(t.goods), transitOffices: t.transitOffices, destinationOffice: t.destinationOffice, route: t.route, timeLimitHours: t.timeLimitHours,
              vehicles: t.vehicles?.map { .init(plate: $0.plate, trailerPlates: $0.trailerPlates, nationality: $0.nationality) },
              containers: t.containers, seals: t.seals?.map { .init(id: $0.id, electronic: $0.electronic) }, packages: t.packages,
              guarantee: t.guarantee.map { .init(kind: .init(rawValue: $0.kind.rawValue)!, carnet: $0.carnet, guaranteeId: $0.guaranteeID) })
    }
}
