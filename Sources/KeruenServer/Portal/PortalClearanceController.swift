import Foundation
import Hummingbird
import KeruenCore
import NIOCore

/// The portal's clearance pages: the board of a post's queue for officers and supervisors, and the
/// public look-up of a declaration's status by its number and its declarant's BIN (no sign-in).
struct PortalClearanceController {
    let portal: PortalController

    private var clearance: ClearanceWorkflow { ClearanceWorkflow(dependencies: portal.dependencies) }

    func addRoutes(to router: Router<KeruenRequestContext>) {
        router.get("/status") { request, context in try await status(request, context) }
        router.get("/board") { _, context in try await board(context) }
        router.get("/declarations/:id/live") { request, context in try await live(request, context) }
        router.get("/clearance-statistics") { request, context in try await statistics(request, context, public: false) }
        router.get("/clearance-statistics/public") { request, context in try await statistics(request, context, public: true) }
    }

    private func status(_ request: Request, _ context: KeruenRequestContext) async throws -> Response {
        let query = request.uri.queryParameters
        let number = query.get("number").map { String($0.trimmingSpaces()) } ?? ""
        let declarant = query.get("declarant").map { String($0.trimmingSpaces()) } ?? ""
        let language = context.scope.language
        var values: [String: Any] = ["number": number, "declarant": declarant]
        if !number.isEmpty || !declarant.isEmpty {
            do {
                let found = try await clearance.publicStatus(number: number, declarantBIN: declarant)
                values["found"] = ["number": found.number, "status": found.status.rawValue,
                                   "statusText": portal.localizer.text("status.\(found.status.rawValue)", language),
                                   "registeredAt": PortalFormat.time(found.registeredAt), "since": PortalFormat.time(found.since)]
            } catch let problem as APIProblem where problem.code == APIProblem.notFound.code {
                values["notFound"] = true
            } catch let problem as APIProblem where !problem.fields.isEmpty {
                values["problems"] = problem.fields.map { portal.localizer.message(for: $0, in: language) }
            }
        }
        return try portal.page("status", context, title: "lookup.title", values)
    }

    private func board(_ context: KeruenRequestContext) async throws -> Response {
        guard let principal = context.scope.principal else { return portal.signInRedirect() }
        let board = try await clearance.board(principal: principal)
        let language = context.scope.language
        let localizer = portal.localizer
        func count(_ standing: ClearanceTime.Standing) -> Int { board.entries.filter { $0.standing == standing }.count }
        return try portal.page("board", context, title: "board.title", [
            "overdue": count(.overdue), "nearLimit": count(.nearLimit), "waiting": count(.waiting), "total": board.entries.count,
            "cut": board.entries.count >= ClearanceWorkflow.boardLimit ? localizer.text("board.cut", language, ["count": "\(ClearanceWorkflow.boardLimit)"]) : false,
            "unassigned": board.entries.filter { $0.entry.officer == nil }.count,
            "rows": board.entries.map { row -> [String: Any] in
                ["id": row.entry.declarationID, "number": row.entry.registrationNumber, "office": row.entry.officeCode,
                 "declarant": row.entry.declarantName ?? "", "officer": row.entry.officer ?? false, "mine": row.entry.officer == principal.username,
                 "channelCode": row.entry.channel?.rawValue ?? "", "channel": row.entry.channel.map { localizer.text("channel.\($0.rawValue)", language) } ?? "",
                 "registeredAt": PortalFormat.time(row.entry.registeredAt), "elapsed": ClearanceTime.text(row.elapsed),
                 "standing": row.standing.rawValue, "standingText": localizer.text("clearance.\(row.standing.rawValue)", language)]
            },
            "officers": board.officers.map { ["officer": $0.officer, "office": $0.officeCode, "until": PortalFormat.time($0.until), "open": $0.open] },
        ])
    }

    /// Clearance times over a period of customs days (the last 30 by default): for customs, per post,
    /// channel and day with charts; for the public, a summary per post.
    private func statistics(_ request: Request, _ context: KeruenRequestContext, public isPublic: Bool) async throws -> Response {
        let principal = context.scope.principal
        if !isPublic && principal == nil { return portal.signInRedirect() }
        let language = context.scope.language, localizer = portal.localizer
        let query = request.uri.queryParameters
        let today = CustomsDay(containing: portal.dependencies.clock())
        var problems: [ValidationProblem] = []
        func day(_ name: String, default fallback: CustomsDay) -> CustomsDay {
            guard let text = query.get(name), !text.isEmpty else { return fallback }
            guard let day = CustomsDay(iso: text) else { problems.append(ValidationProblem("/\(name)", expected: .date)); return fallback }
            return day
        }
        let to = day("to", default: today)
        let from = day("from", default: CustomsDay(containing: to.start.addingTimeInterval(-29 * 86_400)))
        let statistics = try await clearance.statistics(from: from.start, to: to.end, principal: isPublic ? nil : principal)
        func hours(_ interval: TimeInterval) -> String { ClearanceTime.text(interval) }
        func percent(_ share: Double) -> String { String(format: "%.1f %%", share * 100) }
        func office(_ code: String) -> String { portal.dependencies.reference.office(code)?.names.text(in: language) ?? code }
        func channel(_ channel: KeruenCore.Channel?) -> String { channel.map { localizer.text("channel.\($0.rawValue)", language) } ?? "—" }
        func row(_ group: (key: ClearanceStatistics.Key, figures: ClearanceStatistics.Figures)) -> [String: Any] {
            ["office": group.key.officeCode, "officeName": office(group.key.officeCode), "day": group.key.day?.description ?? "",
             "channel": channel(group.key.channel), "channelCode": group.key.channel?.rawValue ?? "", "count": group.figures.count,
             "median": hours(group.figures.median), "p90": hours(group.figures.percentile90), "share": percent(group.figures.shareWithinLimit)]
        }
        let perPost = statistics.perPost
        var values: [String: Any] = [
            "from": from.description, "to": to.description, "isPublic": isPublic,
            "problems": problems.map { localizer.message(for: $0, in: language) },
            "posts": perPost.map(row),
            "postChart": SVGChart.bars(title: localizer.text("stats.shareChart", language), bars: perPost.map { group in
                (group.key.officeCode, group.figures.shareWithinLimit, percent(group.figures.shareWithinLimit), "series-a")
            }, maximum: 1),
        ]
        if !isPublic {
            let perDay = statistics.perDay
            values["rows"] = statistics.perPostChannelDay.map(row)
            values["dayChart"] = SVGChart.lines(title: localizer.text("stats.dayChart", language), labels: perDay.map { $0.key.day?.description ?? "" },
                series: [.init(name: localizer.text("stats.median", language), style: "series-a", values: perDay.map { $0.figures.median / 3600 }),
                         .init(name: localizer.text("stats.p90", language), style: "series-b", values: perDay.map { $0.figures.percentile90 / 3600 })],
                limit: (ClearanceTime.limit / 3600, localizer.text("stats.limit", language)), unit: localizer.text("stats.hours", language))
            values["channelChart"] = SVGChart.bars(title: localizer.text("stats.channelChart", language), bars: statistics.perChannel.map { group in
                (channel(group.key.channel), group.figures.shareWithinLimit, percent(group.figures.shareWithinLimit), "channel-\(group.key.channel?.rawValue ?? "none")")
            }, maximum: 1)
        }
        return try portal.page("clearance-statistics", context, title: isPublic ? "stats.publicTitle" : "stats.title", values)
    }

    /// How long one live connection lasts; the browser's EventSource then connects again.
    static let liveFor: Duration = .seconds(300)

    /// Server-sent events for a declaration's page: one `changed` event as soon as the declaration differs
    /// from the `mark` the page was drawn with (a new version or a new step in its history), then the
    /// stream ends and the page reloads itself. Comments keep the connection open meanwhile.
    private func live(_ request: Request, _ context: KeruenRequestContext) async throws -> Response {
        guard let principal = context.scope.principal else { throw APIProblem.unauthenticated }
        let id = context.parameters.get("id") ?? ""
        _ = try await DeclarationWorkflow(dependencies: portal.dependencies).get(id: id, principal: principal)
        let seen = request.uri.queryParameters.get("mark").map { String($0) } ?? ""
        let store = portal.dependencies.store
        return Self.changeStream(seen: seen) { try await store.read { try await $0.declarations.changeMark(id: id) } }
    }

    /// A stream that sends one `changed` event as soon as `mark()` differs from `seen` (checked every second),
    /// then ends so that the page reloads itself; comments keep the connection open meanwhile.
    static func changeStream(seen: String, mark: @escaping @Sendable () async throws -> String?) -> Response {
        Response(status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"], body: ResponseBody { writer in
            try await writer.write(ByteBuffer(string: "retry: 3000\n\n"))
            let deadline = ContinuousClock.now + Self.liveFor
            var seconds = 0
            while ContinuousClock.now < deadline {
                if let mark = try await mark(), mark != seen {
                    try await writer.write(ByteBuffer(string: "event: changed\ndata: \(mark)\n\n"))
                    break
                }
                try await Task.sleep(for: .seconds(1))
                seconds += 1
                if seconds % 15 == 0 { try await writer.write(ByteBuffer(string: ": waiting\n\n")) }
            }
            try await writer.finish(nil)
        })
    }
}
