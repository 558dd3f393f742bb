import Foundation
import Hummingbird
import KeruenCore
import NIOCore

/// The portal's statistics pages: the daily summary report (supervisors, statisticians, administrators),
/// as a page and as the same figures in CSV.
struct PortalStatisticsController {
    let portal: PortalController

    private var statistics: StatisticsWorkflow { StatisticsWorkflow(dependencies: portal.dependencies) }

    func addRoutes(to router: Router<KeruenRequestContext>) {
        router.get("/reports/daily") { request, context in try await dailyReport(request, context, csv: false) }
        router.get("/reports/daily.csv") { request, context in try await dailyReport(request, context, csv: true) }
    }

    /// The report of `?day=` (today by default).
    private func dailyReport(_ request: Request, _ context: KeruenRequestContext, csv: Bool) async throws -> Response {
        guard let principal = context.scope.principal else { return portal.signInRedirect() }
        let language = context.scope.language, localizer = portal.localizer
        let text = request.uri.queryParameters.get("day").map { String($0) } ?? ""
        let today = CustomsDay(containing: portal.dependencies.clock())
        let day = text.isEmpty ? today : CustomsDay(iso: text)
        guard let day else {
            if csv { throw APIProblem.validation([ValidationProblem("/day", expected: .date)]) }
            return try portal.page("daily-report", context, title: "report.title", titleArguments: ["day": text], [
                "day": text, "problems": [localizer.message(for: ValidationProblem("/day", expected: .date), in: language)],
            ])
        }
        let report = try await statistics.dailyReport(day, principal: principal)
        if csv {
            return Response(status: .ok, headers: [.contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"daily-report-\(day).csv\""],
                            body: .init(byteBuffer: ByteBuffer(string: report.csv)))
        }
        func row(_ row: DailyReport.Row) -> [String: Any] {
            ["office": row.office, "officeName": portal.dependencies.reference.office(row.office)?.names.text(in: language) ?? "",
             "channelCode": row.channel?.rawValue ?? "", "channel": row.channel.map { localizer.text("channel.\($0.rawValue)", language) } ?? "—",
             "registered": row.registered, "released": row.released, "refused": row.refused, "customsValue": row.customsValue.description,
             "assessed": row.assessed.description, "collected": row.collected.description, "median": row.medianClearance.map(ClearanceTime.text) ?? "—"]
        }
        return try portal.page("daily-report", context, title: "report.title", titleArguments: ["day": day.description], [
            "day": day.description, "previous": CustomsDay(containing: day.start - 1).description, "next": day < today ? CustomsDay(containing: day.end).description : false,
            "rows": report.rows.map(row), "total": row(report.total), "empty": report.rows.isEmpty, "problems": [String](),
        ])
    }
}
