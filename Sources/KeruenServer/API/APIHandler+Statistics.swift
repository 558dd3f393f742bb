import Foundation
import KeruenAPI
import KeruenCore
import OpenAPIRuntime

extension APIHandler {
    var statistics: StatisticsWorkflow { StatisticsWorkflow(dependencies: dependencies) }

    func getTradeStatistics(_ input: Operations.GetTradeStatistics.Input) async throws -> Operations.GetTradeStatistics.Output {
        let query = try APIMapping.tradeQuery(input.query, reference: dependencies.reference)
        let principal = RequestScope.current.principal
        let answer = try await statistics.figures(query, principal: principal)
        let full = answer.publishedThrough == nil
        // CSV when asked for it before JSON (no Accept header lists both, equally).
        let accept = input.headers.accept
        if let csv = accept.first(where: { $0.contentType == .csv }), accept.first(where: { $0.contentType == .json }).map({ csv.quality.doubleValue > $0.quality.doubleValue }) ?? true {
            return .ok(.init(body: .csv(HTTPBody(TradeFigure.csv(answer.figures, groupedBy: query.groupBy, showingDeclarants: full)))))
        }
        let lines = answer.figures.map { figure in
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
                                           groupBy: query.groupBy.map(\.name), lines: lines))))
    }
}

extension APIMapping {
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
