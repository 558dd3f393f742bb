import Foundation
import Hummingbird
import KeruenAPI
import KeruenCore
import NIOCore

/// The portal's statistics pages: the foreign-trade statistics explorer (public), and the daily summary
/// report (supervisors, statisticians, administrators); each also as CSV.
struct PortalStatisticsController {
    let portal: PortalController
    /// Lines of the explorer's table.
    static let tableLines = 500

    private var statistics: StatisticsWorkflow { StatisticsWorkflow(dependencies: portal.dependencies) }

    func addRoutes(to router: Router<KeruenRequestContext>) {
        router.get("/reports/daily") { request, context in try await dailyReport(request, context, csv: false) }
        router.get("/reports/daily.csv") { request, context in try await dailyReport(request, context, csv: true) }
        router.get("/statistics") { request, context in try await explorer(request, context, csv: false) }
        router.get("/statistics.csv") { request, context in try await explorer(request, context, csv: true) }
        router.get("/statistics/mirror") { request, context in try await mirror(request, context) }
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

extension PortalStatisticsController {
    /// The statistics explorer (no sign-in needed): filters, a table grouped by one dimension with the largest
    /// values first, and charts of the monthly values, the top partners and the top commodities; the table as CSV.
    func explorer(_ request: Request, _ context: KeruenRequestContext, csv: Bool) async throws -> Response {
        let language = context.scope.language, localizer = portal.localizer
        let parameters = request.uri.queryParameters
        func parameter(_ name: String) -> String? { parameters.get(name).map { String($0) }.flatMap { $0.isEmpty ? nil : $0 } }
        let published = StatisticsWorkflow.lastPublished(at: portal.dependencies.clock(), publicationDay: portal.dependencies.configuration.statisticsPublicationDay)
        var yearBefore = published
        for _ in 0..<11 { yearBefore = yearBefore.previous }
        let dimension = parameter("groupBy") ?? "partner"
        let input = Operations.GetTradeStatistics.Input.Query(
            from: parameter("from") ?? yearBefore.description, to: parameter("to") ?? published.description,
            flow: parameter("flow").flatMap { .init(rawValue: $0) }, partner: parameter("partner")?.uppercased(), code: parameter("code"),
            groupBy: dimension)
        var values: [String: Any] = [
            "from": input.from, "to": input.to, "flow": input.flow?.rawValue ?? "", "partner": input.partner ?? "", "code": input.code ?? "",
            "published": published.description,
            "flows": [("", "trade.flow.all"), ("import", "trade.flow.import"), ("export", "trade.flow.export")].map { code, key in
                ["code": code, "name": localizer.text(key, language), "selected": code == (input.flow?.rawValue ?? "")]
            },
            "dimensions": ["partner", "code2", "code4", "code6", "procedure", "office", "transport", "flow", "period"].map { name in
                ["code": name, "name": localizer.text("trade.dimension.\(name)", language), "selected": name == dimension]
            },
        ]
        let query: TradeQuery
        do {
            query = try APIMapping.tradeQuery(input, reference: portal.dependencies.reference)
        } catch let problem as APIProblem where !problem.fields.isEmpty {
            if csv { throw problem }
            values["problems"] = problem.fields.map { localizer.message(for: $0, in: language) }
            return try portal.page("statistics", context, title: "trade.title", values)
        }
        let principal = context.scope.principal
        let table = try await statistics.figures(query, principal: principal)
        let full = table.publishedThrough == nil
        let lines = table.figures.sorted { $0.measures.valueUSDCents > $1.measures.valueUSDCents }
        if csv {
            return Response(status: .ok, headers: [.contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"trade-\(query.from)-\(query.to).csv\""],
                            body: .init(byteBuffer: ByteBuffer(string: TradeFigure.csv(lines, groupedBy: query.groupBy, showingDeclarants: full))))
        }
        func chart(_ groupBy: [TradeQuery.Dimension]) async throws -> [TradeFigure] {
            var grouped = query
            grouped.groupBy = groupBy
            return try await statistics.figures(grouped, principal: principal).figures
        }
        let monthly = try await chart([.period, .flow])
        let months = Array(Set(monthly.map { $0.dimensions[0] })).sorted()
        func largest(_ figures: [TradeFigure]) -> TradeCell.Measures { figures.max { $0.measures.valueUSDCents < $1.measures.valueUSDCents }?.measures ?? .init() }
        func unit(_ largest: TradeCell.Measures) -> String { localizer.text(TradeCell.Measures.inMillions(largest) ? "trade.usdMillions" : "trade.usdThousands", language) }
        let monthlyTop = largest(monthly)
        func series(_ flow: TradeFlow, _ style: String) -> SVGChart.Series {
            .init(name: localizer.text("trade.flow.\(flow.rawValue)", language), style: style, values: months.map { month in
                monthly.first { $0.dimensions == [month, flow.rawValue] }?.measures.valueUSD(scaledFor: monthlyTop) ?? 0
            })
        }
        func top(_ figures: [TradeFigure], _ style: String, title: String) -> String {
            let top = Array(figures.filter { !$0.suppressed }.sorted { $0.measures.valueUSDCents > $1.measures.valueUSDCents }.prefix(10))
            let scale = largest(top)
            return SVGChart.bars(title: title + ", " + unit(scale), bars: top.map {
                ($0.dimensions[0], $0.measures.valueUSD(scaledFor: scale), String(format: "%.1f", $0.measures.valueUSD(scaledFor: scale)), style)
            }, maximum: scale.valueUSD(scaledFor: scale))
        }
        values["publishedThrough"] = table.publishedThrough?.description ?? false
        values["full"] = full
        values["threshold"] = portal.dependencies.configuration.confidentialityThreshold
        values["tableHeading"] = localizer.text("trade.dimension.\(dimension)", language)
        values["csvLink"] = "/statistics.csv?" + (request.uri.query ?? "")
        // The largest lines on the page (thousands of rows make a page of seconds and no reader reads them); the CSV has every one.
        if lines.count > Self.tableLines {
            values["more"] = localizer.text("trade.more", language, ["shown": String(Self.tableLines), "total": String(lines.count)])
        }
        values["rows"] = lines.prefix(Self.tableLines).map { figure -> [String: Any] in
            let m = figure.measures
            return ["group": figure.dimensions.first ?? "", "suppressed": figure.suppressed, "items": m.items, "valueUsd": m.valueUSDText,
                    "valueKzt": m.valueKZTText, "netMass": m.netMassKgText, "supplementary": m.supplementaryText, "declarants": full ? figure.declarantsText : false]
        }
        values["empty"] = lines.isEmpty
        values["monthlyChart"] = SVGChart.lines(title: localizer.text("trade.monthly", language), labels: months,
                                                series: [series(.import, "series-a"), series(.export, "series-b")], limit: nil, unit: unit(monthlyTop))
        values["partnerChart"] = top(try await chart([.partner]), "series-a", title: localizer.text("trade.topPartners", language))
        values["commodityChart"] = top(try await chart([.code(digits: 4)]), "series-b", title: localizer.text("trade.topCommodities", language))
        return try portal.page("statistics", context, title: "trade.title", values)
    }

    /// Mirror statistics for statisticians and risk analysts: our trade with a partner against the partner's own
    /// figures, the largest value gaps first, with a chart of the ten largest.
    func mirror(_ request: Request, _ context: KeruenRequestContext) async throws -> Response {
        guard let principal = context.scope.principal else { return portal.signInRedirect() }
        let language = context.scope.language, localizer = portal.localizer
        let parameters = request.uri.queryParameters
        func parameter(_ name: String, _ fallback: String) -> String { parameters.get(name).map { String($0) }.flatMap { $0.isEmpty ? nil : $0 } ?? fallback }
        let lastYear = String(CustomsDay(containing: portal.dependencies.clock()).year - 1)
        let input = Operations.GetMirrorStatistics.Input(query: .init(
            partner: parameter("partner", "CN").uppercased(), flow: .init(rawValue: parameter("flow", "import")), from: parameter("from", lastYear),
            to: parameter("to", lastYear), level: Int(parameter("level", "4"))))
        var values: [String: Any] = [
            "partner": input.query.partner, "from": input.query.from, "to": input.query.to,
            "flows": ["import", "export"].map { ["code": $0, "name": localizer.text("mirror.flow.\($0)", language), "selected": $0 == (input.query.flow?.rawValue ?? "import")] },
            "levels": [2, 4, 6].map { ["code": $0, "selected": $0 == (input.query.level ?? 4)] },
        ]
        do {
            let comparison = try await statistics.mirror(try APIMapping.mirrorQuery(input.query, reference: portal.dependencies.reference), principal: principal)
            let lines = comparison.lines.map(APIMapping.mirrorLine)
            values["rows"] = lines.map { line -> [String: Any] in
                ["period": line.period, "code": line.code, "ours": line.ourValueUsd, "theirs": line.partnerValueUsd, "gap": line.valueGapUsd,
                 "gapPercent": line.valueGapPercent.map { String(format: "%.1f %%", $0) } ?? "—", "ourMass": line.ourNetMassKg,
                 "theirMass": line.partnerNetMassKg ?? "—", "massGap": line.massGapKg ?? "—", "massGapPercent": line.massGapPercent.map { String(format: "%.1f %%", $0) } ?? "—"]
            }
            values["empty"] = lines.isEmpty
            let largest = comparison.lines.prefix(10)
            values["chart"] = SVGChart.bars(title: localizer.text("mirror.chart", language), bars: largest.map { line in
                (line.code + " " + line.period, Double(line.valueGapUSDCents.magnitude), TradeCell.Measures.text(line.valueGapUSDCents, scale: 2),
                 line.valueGapUSDCents < 0 ? "series-b" : "series-a")
            }, maximum: Double(largest.first?.valueGapUSDCents.magnitude ?? 1))
        } catch let problem as APIProblem where !problem.fields.isEmpty {
            values["problems"] = problem.fields.map { localizer.message(for: $0, in: language) }
        }
        return try portal.page("mirror", context, title: "mirror.title", values)
    }
}
