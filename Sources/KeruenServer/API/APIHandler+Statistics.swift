import Foundation
import KeruenAPI
import KeruenCore
import KeruenReference
import OpenAPIRuntime

extension APIHandler {
    var statistics: StatisticsWorkflow { StatisticsWorkflow(dependencies: dependencies) }

    func getTradeStatistics(_ input: Operations.GetTradeStatistics.Input) async throws -> Operations.GetTradeStatistics.Output {
        let query = try APIMapping.tradeQuery(input.query, reference: dependencies.reference)
        let principal = RequestScope.current.principal
        // CSV when asked for it before JSON (no Accept header lists both, equally).
        let accept = input.headers.accept
        let csv = accept.first(where: { $0.contentType == .csv }).map { csv in
            accept.first(where: { $0.contentType == .json }).map { csv.quality.doubleValue > $0.quality.doubleValue } ?? true
        } ?? false
        let lines = try APIMapping.lines(offset: input.query.offset, limit: input.query.limit ?? (csv ? nil : APIMapping.tradeLinesPerPage))
        let answer = try await statistics.figures(query, principal: principal, lines: lines)
        let full = answer.publishedThrough == nil
        if csv {
            return .ok(.init(body: .csv(HTTPBody(TradeFigure.csv(answer.figures, groupedBy: query.groupBy, showingDeclarants: full)))))
        }
        let shown = answer.figures.map { figure in
            let m = figure.measures
            return Components.Schemas.TradeLine(
                group: .init(additionalProperties: Dictionary(uniqueKeysWithValues: zip(query.groupBy.map(\.name), figure.dimensions))),
                items: figure.suppressed ? nil : Int(m.items), valueUsd: figure.suppressed ? nil : m.valueUSDText, valueKzt: figure.suppressed ? nil : m.valueKZTText,
                netMassKg: figure.suppressed ? nil : m.netMassKgText, supplementaryQuantity: figure.suppressed ? nil : m.supplementaryText,
                declarants: full ? figure.declarants : nil, suppressed: figure.suppressed)
        }
        return .ok(.init(body: .json(.init(from: query.from.description, to: min(query.to, answer.publishedThrough ?? query.to).description,
                                           publishedThrough: answer.publishedThrough?.description,
                                           confidentialityThreshold: full ? nil : dependencies.configuration.confidentialityThreshold,
                                           groupBy: query.groupBy.map(\.name), totalLines: answer.totalLines,
                                           nextOffset: answer.nextLine, lines: shown))))
    }
}

extension APIMapping {
    /// Lines of a JSON answer unless the request asks for another limit: an explorer's table, and an answer sent in tens of milliseconds.
    static let tradeLinesPerPage = 1_000
    /// The most lines one page may ask for, and the furthest it may start.
    static let tradeLinesLimit = 100_000, tradeLinesOffsetLimit = 100_000_000

    /// The lines a page asks for (every line from the offset when there is no limit).
    static func lines(offset: Int?, limit: Int?) throws -> Range<Int> {
        var problems: [ValidationProblem] = []
        if let offset, !(0...tradeLinesOffsetLimit).contains(offset) {
            problems.append(ValidationProblem("/offset", .outOfRange, ["minimum": "0", "maximum": String(tradeLinesOffsetLimit)]))
        }
        if let limit, !(1...tradeLinesLimit).contains(limit) {
            problems.append(ValidationProblem("/limit", .outOfRange, ["minimum": "1", "maximum": String(tradeLinesLimit)]))
        }
        guard problems.isEmpty else { throw APIProblem.validation(problems) }
        let first = offset ?? 0
        return first..<(limit.map { first + $0 } ?? Int.max)
    }

    /// A statistics request's filters and groups, each bad one named.
    static func tradeQuery(_ q: Operations.GetTradeStatistics.Input.Query, reference: any ReferenceCatalog) throws -> TradeQuery {
        var problems: [ValidationProblem] = []
        let from = TradePeriod(q.from), to = TradePeriod(q.to)
        if from == nil { problems.append(ValidationProblem("/from", expected: .period)) }
        if to == nil { problems.append(ValidationProblem("/to", expected: .period)) }
        if let from, let to, to < from { problems.append(ValidationProblem("/to", .outOfRange, ["minimum": from.description])) }
        if let partner = q.partner, !reference.isCountry(partner) { problems.append(ValidationProblem("/partner", .unknownCountry)) }
        if let code = q.code, !TradeQuery.isCodePrefix(code) {
            problems.append(ValidationProblem("/code", expected: .commodityPrefix))
        }
        let names = (q.groupBy ?? "period").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        var groups: [TradeQuery.Dimension] = []
        for name in names {
            guard let dimension = TradeQuery.Dimension(name: name) else {
                problems.append(ValidationProblem("/groupBy", .unknownCode, ["value": name]))
                continue
            }
            if !groups.contains(dimension) { groups.append(dimension) }
        }
        guard problems.isEmpty, let from, let to else { throw APIProblem.validation(problems) }
        return TradeQuery(from: from, to: to, flow: q.flow.flatMap { TradeFlow(rawValue: $0.rawValue) }, partner: q.partner, codePrefix: q.code,
                          procedure: q.procedure, office: q.office, transport: q.transport, groupBy: groups)
    }
}

extension APIHandler {
    func getMirrorStatistics(_ input: Operations.GetMirrorStatistics.Input) async throws -> Operations.GetMirrorStatistics.Output {
        let query = try APIMapping.mirrorQuery(input.query, reference: dependencies.reference)
        let comparison = try await statistics.mirror(query, principal: try RequestScope.requirePrincipal())
        return .ok(.init(body: .json(.init(partner: query.partner, flow: query.flow.rawValue, from: query.from, to: query.to, level: query.digits,
                                           lines: comparison.lines.map(APIMapping.mirrorLine)))))
    }
}

extension APIMapping {
    /// A mirror request's partner, flow, periods (years or months, both alike) and code level, each bad one named.
    static func mirrorQuery(_ q: Operations.GetMirrorStatistics.Input.Query, reference: ReferenceData) throws -> StatisticsWorkflow.MirrorQuery {
        var problems: [ValidationProblem] = []
        if !reference.isCountry(q.partner) { problems.append(ValidationProblem("/partner", .unknownCountry)) }
        let year = { (text: String) in text.count == 4 && Int(text) != nil }
        let sameForm = (year(q.from) && year(q.to)) || (TradePeriod(q.from) != nil && TradePeriod(q.to) != nil)
        if !sameForm { problems.append(ValidationProblem(year(q.from) || TradePeriod(q.from) != nil ? "/to" : "/from", expected: .period)) }
        if sameForm && q.to < q.from { problems.append(ValidationProblem("/to", .outOfRange, ["minimum": q.from])) }
        let level = q.level ?? 4
        if ![2, 4, 6].contains(level) { problems.append(ValidationProblem("/level", .outOfRange, ["minimum": "2", "maximum": "6"])) }
        guard problems.isEmpty else { throw APIProblem.validation(problems) }
        return .init(partner: q.partner, flow: q.flow == .export ? .export : .import, from: q.from, to: q.to, digits: level)
    }

    static func mirrorLine(_ line: MirrorComparison.Line) -> Components.Schemas.MirrorLine {
        func usd(_ cents: Int64) -> String { TradeCell.Measures.text(cents, scale: 2) }
        func kg(_ grams: Int64) -> String { TradeCell.Measures.text(grams, scale: 3) }
        return .init(period: line.period, code: line.code, ourValueUsd: usd(line.ours.valueUSDCents), partnerValueUsd: usd(line.theirsValueUSDCents),
                     valueGapUsd: usd(line.valueGapUSDCents), valueGapPercent: line.valueGapPercent, ourNetMassKg: kg(line.ours.netMassGrams),
                     partnerNetMassKg: line.theirsNetMassGrams.map(kg), massGapKg: line.massGapGrams.map(kg), massGapPercent: line.massGapPercent)
    }
}
