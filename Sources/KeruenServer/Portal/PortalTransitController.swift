import Foundation
import Hummingbird
import KeruenCore
import KeruenReference
import KeruenStore
import NIOCore

/// The control centre's pages: the live list of movements and alerts (reloaded by server-sent events when
/// anything changes), a movement with its track drawn over its route, a checkpoint's dashboard; and the
/// public electronic queue of each road checkpoint, where carriers book their slot.
struct PortalTransitController {
    let portal: PortalController

    private var transit: TransitWorkflow { TransitWorkflow(dependencies: portal.dependencies) }
    private var border: BorderWorkflow { BorderWorkflow(dependencies: portal.dependencies) }
    private var reference: ReferenceData { portal.dependencies.reference }

    func addRoutes(to router: Router<KeruenRequestContext>) {
        router.get("/control") { request, context in try await control(request, context) }
        router.get("/control/live") { request, context in try await live(request, context) }
        router.post("/control/alerts/:id/:action") { request, context in try await handle(request, context) }
        router.get("/transit/:id") { request, context in try await movement(request, context) }
        router.get("/checkpoints/:code") { request, context in try await checkpoint(request, context) }
        router.get("/queue") { _, context in try await queues(context) }
        router.get("/queue/:code") { request, context in try await queue(request, context) }
        router.post("/queue/:code") { request, context in try await book(request, context) }
    }

    private func office(_ code: String?, _ language: Language) -> String {
        guard let code else { return "" }
        return reference.office(code)?.names.text(in: language) ?? code
    }

    private func alertRows(_ alerts: [ControlAlert], _ language: Language) -> [[String: Any]] {
        alerts.map { alert in
            ["id": alert.id, "rule": alert.alert.rule.rawValue, "message": portal.localizer.text("alert.\(alert.alert.rule.rawValue)", language, alert.alert.values),
             "status": alert.status.rawValue, "statusText": portal.localizer.text("alertStatus.\(alert.status.rawValue)", language),
             "checkpoint": office(alert.checkpoint, language), "checkpointCode": alert.checkpoint ?? false, "movement": alert.movementID ?? false,
             "plate": alert.plate ?? "", "at": PortalFormat.time(alert.at), "assignee": alert.assignee ?? false,
             "open": alert.status != .resolved, "acknowledged": alert.acknowledgedAt != nil, "note": alert.note ?? false]
        }
    }

    private func movementRows(_ movements: [TransitRepository.Summary], _ language: Language) -> [[String: Any]] {
        movements.map { m in
            ["id": m.id, "number": m.number, "status": m.status.rawValue, "statusText": portal.localizer.text("transitStatus.\(m.status.rawValue)", language),
             "from": office(m.departureOffice, language), "to": office(m.destinationOffice, language),
             "deadline": m.deadline.map(PortalFormat.time) ?? "", "alert": m.alert.map { portal.localizer.text("transitAlert.\($0.rawValue)", language) } ?? false,
             "alertCode": m.alert?.rawValue ?? ""]
        }
    }

    private func control(_ request: Request, _ context: KeruenRequestContext) async throws -> Response {
        guard let principal = context.scope.principal else { return portal.signInRedirect() }
        guard BorderWorkflow.isControl(principal) else { throw APIProblem.notFound }
        let language = context.scope.language
        async let alerted = transit.list(status: nil, alerted: true, principal: principal, limit: 100)
        async let latest = transit.list(status: nil, alerted: false, principal: principal, limit: 100)
        async let alerts = border.alerts(unresolvedOnly: true, checkpoint: nil, movementID: nil, principal: principal, limit: 100)
        let mark = try await portal.dependencies.store.read { try await $0.border.controlMark() }
        let open = try await alerts
        return try portal.page("control", context, title: "control.title", [
            "mark": mark, "alerted": movementRows(try await alerted, language), "movements": movementRows(try await latest, language),
            "alerts": alertRows(open, language), "alertCount": open.count,
            "checkpoints": reference.roadCheckpoints.map { ["code": $0.code, "name": $0.names.text(in: language)] }, "back": "/control",
        ], flash: portal.flash(request, language))
    }

    /// Server-sent events: one `changed` event as soon as the control centre's mark differs from the page's.
    private func live(_ request: Request, _ context: KeruenRequestContext) async throws -> Response {
        guard let principal = context.scope.principal, BorderWorkflow.isControl(principal) else { throw APIProblem.unauthenticated }
        let seen = request.uri.queryParameters.get("mark").map { String($0) } ?? ""
        let store = portal.dependencies.store
        return PortalClearanceController.changeStream(seen: seen) { try await store.read { try await $0.border.controlMark() } }
    }

    private func handle(_ request: Request, _ context: KeruenRequestContext) async throws -> Response {
        guard let principal = context.scope.principal else { return portal.signInRedirect() }
        let form = try await posted(request, context)
        let id = context.parameters.get("id") ?? ""
        let back = form["back"].flatMap { $0.hasPrefix("/") && !$0.hasPrefix("//") ? $0 : nil } ?? "/control"
        let action: ControlAlert.Action
        switch context.parameters.get("action") {
        case "assign": action = .assign(to: form["officer"] ?? principal.username)
        case "acknowledge": action = .acknowledge
        case "resolve": action = .resolve(note: form["note"] ?? "")
        default: throw APIProblem.notFound
        }
        let separator = back.contains("?") ? "&" : "?"
        do {
            _ = try await border.handle(alertID: id, action, principal: principal)
        } catch let problem as APIProblem where problem.status != .notFound && problem.status != .unauthorized {
            let code = problem.fields.first.map { "alert-\($0.code.rawValue)" } ?? problem.code
            return Response.redirect(to: "\(back)\(separator)done=problem-\(code)", type: .normal)
        }
        return Response.redirect(to: "\(back)\(separator)done=alert-handled", type: .normal)
    }

    /// A small posted form's fields, once its CSRF token is checked.
    private func posted(_ request: Request, _ context: KeruenRequestContext) async throws -> [String: String] {
        var request = request
        let form = FormData(urlEncoded: String(buffer: try await request.collectBody(upTo: 64 * 1024))).fields
        guard form["csrf"] == context.sessionCSRF else { throw APIProblem.forbidden }
        return form
    }

    private func movement(_ request: Request, _ context: KeruenRequestContext) async throws -> Response {
        guard let principal = context.scope.principal else { return portal.signInRedirect() }
        let language = context.scope.language, localizer = portal.localizer
        let record = try await transit.movement(id: context.parameters.get("id") ?? "", principal: principal)
        let customs = BorderWorkflow.isControl(principal)
        let (track, alerts, events, claim) = try await portal.dependencies.store.read { session in
            (try await session.border.track(movementID: record.id),
             customs ? try await session.border.alerts(unresolvedOnly: false, checkpoint: nil, movementID: record.id, limit: 100) : [],
             customs ? try await session.border.events(movementID: record.id, limit: 50) : [],
             try await session.transit.claim(movementID: record.id))
        }
        let p = record.particulars, m = record.movement
        var stops: [String] = []
        for code in [p.goods.officeCode ?? ""] + (p.route ?? []) + [m.destinationOffice] where stops.last != code { stops.append(code) }
        let route = stops.compactMap { code in reference.office(code)?.location.map { (label: office(code, language), point: $0) } }
        return try portal.page("movement", context, title: "movement.title", titleArguments: ["number": record.number], [
            "number": record.number, "status": m.status.rawValue, "statusText": localizer.text("transitStatus.\(m.status.rawValue)", language),
            "holder": record.holderBIN, "from": office(m.departureOffice, language), "to": office(m.destinationOffice, language),
            "transitOffices": m.route.map { ["name": office($0, language), "passed": m.passed.contains($0)] },
            "deadline": m.deadline.map(PortalFormat.time) ?? "", "released": m.releasedAt.map(PortalFormat.time) ?? false,
            "alert": record.alert.map { localizer.text("transitAlert.\($0.rawValue)", language) } ?? false,
            "amount": PortalFormat.amount(record.amount.decimal), "guarantee": p.guarantee.map { g in
                g.kind == .tir ? "TIR \(g.carnet ?? "")" : "\(localizer.text("guarantee.\(g.kind.rawValue)", language)) \(record.guaranteeID ?? "")" } ?? "",
            "claim": claim.map { ["amount": PortalFormat.amount($0.amount.decimal), "at": PortalFormat.time($0.claimedAt), "reason": $0.reason] } ?? false,
            "vehicles": (p.vehicles ?? []).map { ["plate": $0.plate, "trailers": ($0.trailerPlates ?? []).joined(separator: ", ")] },
            "containers": (p.containers ?? []).joined(separator: ", "), "seals": (p.seals ?? []).map { ["id": $0.id, "electronic": $0.electronic] },
            "goods": p.goods.items.map { ["code": $0.commodityCode ?? "", "description": $0.description ?? "", "mass": $0.grossMass.map { "\($0)" } ?? ""] },
            "history": record.history.map { step in
                ["event": localizer.text("transitEvent.\(step.event.kind)", language), "office": office(step.event.office, language),
                 "note": step.event.note ?? "", "at": PortalFormat.time(step.at), "actor": step.actor]
            },
            "track": SVGTrack.draw(title: localizer.text("movement.track", language), route: route, track: track.map(\.point),
                                   tolerance: portal.dependencies.configuration.routeTolerance),
            "positions": track.count, "lastPosition": track.last.map { PortalFormat.time($0.at) } ?? false,
            "alerts": alertRows(alerts, language), "events": events.map { eventRow($0, language) }, "customs": customs,
            "back": "/transit/\(record.id)",
        ], flash: portal.flash(request, language))
    }

    private func eventRow(_ stored: BorderRepository.StoredEvent, _ language: Language) -> [String: Any] {
        let text: String = switch stored.event.reading {
        case .plate(let camera, let lane, let plate, let confidence, let gate, let direction):
            "\(plate) · \(camera) \(localizer("lane")) \(lane) · \(Int(confidence * 100)) % · \(localizer("gate.\(gate.rawValue)")) · \(localizer("direction.\(direction.rawValue)"))"
        case .weighing(let gross, let axles, _, _, _): "\(Int(gross)) kg · \(axles.count) \(localizer("axles"))"
        case .seal(let seal, let state): "\(seal) · \(localizer("sealState.\(state.rawValue)"))"
        case .position(let plate, let point): String(format: "%@ · %.4f, %.4f", plate, point.latitude, point.longitude)
        case .radiation(let level, let alarm): "\(level) µSv/h\(alarm ? " · ⚠" : "")"
        case .scan(let hash): String(hash.prefix(16)) + "…"
        }
        func localizer(_ key: String) -> String { portal.localizer.text("device.\(key)", language) }
        return ["at": PortalFormat.time(stored.event.time), "kind": portal.localizer.text("device.kind.\(stored.event.kind)", language), "text": text,
                "device": stored.device]
    }

    private func checkpoint(_ request: Request, _ context: KeruenRequestContext) async throws -> Response {
        guard let principal = context.scope.principal else { return portal.signInRedirect() }
        guard BorderWorkflow.isControl(principal), let code = context.parameters.get("code"), let checkpoint = reference.office(code) else { throw APIProblem.notFound }
        let language = context.scope.language, localizer = portal.localizer
        let now = portal.dependencies.clock()
        let hour = QueueEntry.slot(containing: now)
        let (traffic, alerts, events) = try await portal.dependencies.store.read { session in
            (try await session.border.trafficPerHour(checkpoint: code, from: hour - 23 * 3_600, to: hour + 3_600),
             try await session.border.alerts(unresolvedOnly: true, checkpoint: code, movementID: nil, limit: 100),
             try await session.border.events(checkpoint: code, limit: 30))
        }
        let hours = (0..<24).map { hour - Double(23 - $0) * 3_600 }
        let most = Double(max(traffic.values.max() ?? 0, 1))
        var values: [String: Any] = [
            "code": code, "name": checkpoint.names.text(in: language),
            "traffic": SVGChart.bars(title: localizer.text("checkpoint.traffic", language), bars: hours.map { start in
                (String(PortalFormat.time(start).suffix(5).prefix(2)), Double(traffic[start] ?? 0), String(traffic[start] ?? 0), "series-a")
            }, maximum: most),
            "alerts": alertRows(alerts, language), "events": events.map { eventRow($0, language) }, "back": "/checkpoints/\(code)",
        ]
        if BorderWorkflow.keepsQueue(checkpoint) {
            let queues = try await QueueEntry.Direction.allCases.asyncMap { try await border.queue(checkpoint: code, direction: $0) }
            values["queues"] = queues.map { queueValues($0, language) }
        }
        return try portal.page("checkpoint", context, title: "checkpoint.title", titleArguments: ["name": checkpoint.names.text(in: language)], values,
                               flash: portal.flash(request, context.scope.language))
    }

    private func queueValues(_ view: BorderWorkflow.QueueView, _ language: Language) -> [String: Any] {
        ["direction": portal.localizer.text("device.direction.\(view.direction.rawValue)", language), "directionCode": view.direction.rawValue,
         "waiting": view.waiting.count, "wait": ClearanceTime.text(view.expectedWait), "capacity": view.capacity,
         "vehicles": view.waiting.prefix(50).map { ["plate": $0.plate, "since": PortalFormat.time($0.arrivedAt ?? $0.createdAt), "booked": $0.slotStart != nil] },
         "slots": view.slots.map { ["start": PortalFormat.time($0.start), "iso": $0.start.formatted(.iso8601), "free": $0.free, "full": $0.free == 0] }]
    }

    private func queues(_ context: KeruenRequestContext) async throws -> Response {
        let language = context.scope.language
        var rows: [[String: Any]] = []
        for checkpoint in reference.roadCheckpoints {
            let views = try await QueueEntry.Direction.allCases.asyncMap { try await border.queue(checkpoint: checkpoint.code, direction: $0) }
            rows.append(["code": checkpoint.code, "name": checkpoint.names.text(in: language), "capacity": views.first?.capacity ?? 0,
                         "directions": views.map { ["direction": portal.localizer.text("device.direction.\($0.direction.rawValue)", language),
                                                    "waiting": $0.waiting.count, "wait": ClearanceTime.text($0.expectedWait)] }])
        }
        return try portal.page("queues", context, title: "queue.title", ["checkpoints": rows])
    }

    private func queue(_ request: Request, _ context: KeruenRequestContext) async throws -> Response {
        let language = context.scope.language
        guard let code = context.parameters.get("code"), let checkpoint = reference.office(code), BorderWorkflow.keepsQueue(checkpoint) else { throw APIProblem.notFound }
        let direction = request.uri.queryParameters.get("direction").flatMap { QueueEntry.Direction(rawValue: String($0)) } ?? .entry
        let view = try await border.queue(checkpoint: code, direction: direction)
        var values = queueValues(view, language)
        values["code"] = code
        values["name"] = checkpoint.names.text(in: language)
        values["directions"] = QueueEntry.Direction.allCases.map {
            ["code": $0.rawValue, "name": portal.localizer.text("device.direction.\($0.rawValue)", language), "selected": $0 == direction]
        }
        if let principal = context.scope.principal, principal.companyBIN != nil {
            values["bookings"] = try await border.bookings(principal: principal).filter { $0.checkpoint == code }.prefix(20).map {
                ["plate": $0.plate, "slot": $0.slotStart.map(PortalFormat.time) ?? "", "status": portal.localizer.text("queueStatus.\($0.status.rawValue)", language)]
            }
        }
        return try portal.page("queue", context, title: "queue.checkpoint", titleArguments: ["name": checkpoint.names.text(in: language)], values,
                               flash: portal.flash(request, context.scope.language))
    }

    private func book(_ request: Request, _ context: KeruenRequestContext) async throws -> Response {
        guard let principal = context.scope.principal else { return portal.signInRedirect() }
        let form = try await posted(request, context)
        let code = context.parameters.get("code") ?? ""
        let direction = QueueEntry.Direction(rawValue: form["direction"] ?? "") ?? .entry
        let back = "/queue/\(code)?direction=\(direction.rawValue)"
        do {
            let slot = try Date(form["slot"] ?? "", strategy: .iso8601)
            _ = try await border.book(checkpoint: code, direction: direction, slot: slot, plate: form["plate"] ?? "", principal: principal)
        } catch let problem as APIProblem where problem.status != .notFound && problem.status != .unauthorized {
            let code = problem.code == "validation-failed" ? "booking-" + (problem.fields.first?.pointer.dropFirst() ?? "") : problem.code
            return Response.redirect(to: "\(back)&done=problem-\(code)", type: .normal)
        } catch is CocoaError {
            return Response.redirect(to: "\(back)&done=problem-booking-slotStart", type: .normal)
        }
        return Response.redirect(to: "\(back)&done=slot-booked", type: .normal)
    }
}

extension Sequence {
    /// Each element through an async transform, in order.
    func asyncMap<T>(_ transform: (Element) async throws -> T) async throws -> [T] {
        var results: [T] = []
        for element in self { results.append(try await transform(element)) }
        return results
    }
}
