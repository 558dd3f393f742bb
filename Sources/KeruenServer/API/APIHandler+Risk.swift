import Foundation
import KeruenAPI
import KeruenCore
import OpenAPIRuntime

extension APIHandler {
    var risk: RiskWorkflow { RiskWorkflow(dependencies: dependencies) }

    func listRiskProfiles(_ input: Operations.ListRiskProfiles.Input) async throws -> Operations.ListRiskProfiles.Output {
        .ok(.init(body: .json(try await risk.list(principal: try RequestScope.requirePrincipal()).map(APIMapping.riskProfile))))
    }

    func createRiskProfile(_ input: Operations.CreateRiskProfile.Input) async throws -> Operations.CreateRiskProfile.Output {
        guard case .json(let json) = input.body else { throw APIProblem(.badRequest, "bad-request") }
        let draft = try APIMapping.riskDraft(title: json.title, rationale: json.rationale, condition: json.condition, measure: json.measure,
                                             priority: json.priority, offices: json.offices, validFrom: json.validFrom, validTo: json.validTo)
        let profile = try await risk.save(id: json.id, draft: draft, isNew: true, principal: try RequestScope.requirePrincipal())
        return .created(.init(body: .json(try APIMapping.riskProfile(profile))))
    }

    func getRiskProfileVersions(_ input: Operations.GetRiskProfileVersions.Input) async throws -> Operations.GetRiskProfileVersions.Output {
        .ok(.init(body: .json(try await risk.versions(id: input.path.profileId, principal: try RequestScope.requirePrincipal()).map(APIMapping.riskProfile))))
    }

    func editRiskProfile(_ input: Operations.EditRiskProfile.Input) async throws -> Operations.EditRiskProfile.Output {
        guard case .json(let json) = input.body else { throw APIProblem(.badRequest, "bad-request") }
        let draft = try APIMapping.riskDraft(title: json.title, rationale: json.rationale, condition: json.condition, measure: json.measure,
                                             priority: json.priority, offices: json.offices, validFrom: json.validFrom, validTo: json.validTo)
        let profile = try await risk.save(id: input.path.profileId, draft: draft, isNew: false, principal: try RequestScope.requirePrincipal())
        return .ok(.init(body: .json(try APIMapping.riskProfile(profile))))
    }

    func approveRiskProfile(_ input: Operations.ApproveRiskProfile.Input) async throws -> Operations.ApproveRiskProfile.Output {
        let profile = try await risk.approve(id: input.path.profileId, version: input.path.version, principal: try RequestScope.requirePrincipal())
        return .ok(.init(body: .json(try APIMapping.riskProfile(profile))))
    }

    func retireRiskProfile(_ input: Operations.RetireRiskProfile.Input) async throws -> Operations.RetireRiskProfile.Output {
        .ok(.init(body: .json(try APIMapping.riskProfile(try await risk.retire(id: input.path.profileId, principal: try RequestScope.requirePrincipal())))))
    }

    func tryRiskProfile(_ input: Operations.TryRiskProfile.Input) async throws -> Operations.TryRiskProfile.Output {
        guard case .json(let json) = input.body else { throw APIProblem(.badRequest, "bad-request") }
        let profile = json.profile
        let draft = try APIMapping.riskDraft(title: profile.title, rationale: profile.rationale, condition: profile.condition, measure: profile.measure,
                                             priority: profile.priority, offices: profile.offices, validFrom: profile.validFrom, validTo: profile.validTo,
                                             at: "/profile")
        let trial = try await risk.trial(id: profile.id, draft: draft, limit: json.last ?? 500, principal: try RequestScope.requirePrincipal())
        return .ok(.init(body: .json(.init(tried: trial.tried, selected: try trial.selected.map { entry in
            .init(declarationId: entry.declaration.id, registrationNumber: entry.declaration.registrationNumber?.description,
                  channel: entry.channel?.rawValue, hit: try APIMapping.riskHit(entry.hit))
        }))))
    }

    func getRiskEffectiveness(_ input: Operations.GetRiskEffectiveness.Input) async throws -> Operations.GetRiskEffectiveness.Output {
        guard let from = CustomsDay(iso: input.query.from) else { throw APIProblem.validation([ValidationProblem("/from", expected: .date)]) }
        guard let to = CustomsDay(iso: input.query.to), from <= to else { throw APIProblem.validation([ValidationProblem("/to", expected: .date)]) }
        let rows = try await risk.effectiveness(from: from.start, to: to.end, principal: try RequestScope.requirePrincipal())
        return .ok(.init(body: .json(rows.map { row in
            .init(profileId: row.profileID, title: row.title, hits: row.hits, decisive: row.decisive, controls: row.controls,
                  violations: row.violations, seizures: row.seizures, revenue: row.revenue.description, hitRate: row.hitRate,
                  seizureRate: row.seizureRate, findsNothing: row.findsNothing())
        })))
    }

    func getRiskSettings(_ input: Operations.GetRiskSettings.Input) async throws -> Operations.GetRiskSettings.Output {
        .ok(.init(body: .json(APIMapping.riskSettings(try await risk.settings(principal: try RequestScope.requirePrincipal())))))
    }

    func putRiskSettings(_ input: Operations.PutRiskSettings.Input) async throws -> Operations.PutRiskSettings.Output {
        guard case .json(let json) = input.body else { throw APIProblem(.badRequest, "bad-request") }
        let settings = RiskSettings(randomShare: json.randomShare, randomShareByOffice: json.randomShareByOffice.additionalProperties,
                                    randomChannel: Channel(rawValue: json.randomChannel.rawValue)!, aeoSteps: json.aeoSteps,
                                    aeoExemptFromRandom: json.aeoExemptFromRandom, newTraderBelow: json.newTraderBelow)
        return .ok(.init(body: .json(APIMapping.riskSettings(try await risk.saveSettings(settings, principal: try RequestScope.requirePrincipal())))))
    }

    func getDeclarationRisk(_ input: Operations.GetDeclarationRisk.Input) async throws -> Operations.GetDeclarationRisk.Output {
        let (result, control) = try await risk.result(declarationID: input.path.id, principal: try RequestScope.requirePrincipal())
        return .ok(.init(body: .json(.init(channel: .init(rawValue: result.channel.rawValue)!, examination: result.examination?.rawValue,
                                           instruction: result.instruction, hits: try result.hits.map(APIMapping.riskHit), random: result.random,
                                           draw: result.draw, share: result.share, aeoLoweredFrom: result.aeoLoweredFrom?.rawValue,
                                           score: result.score, scoreFeatures: result.scoreFeatures?.map { .init(feature: $0.feature, contribution: $0.contribution) },
                                           control: control.map(APIMapping.controlResult)))))
    }

    func recordControlResult(_ input: Operations.RecordControlResult.Input) async throws -> Operations.RecordControlResult.Output {
        guard case .json(let json) = input.body else { throw APIProblem(.badRequest, "bad-request") }
        let control = try await risk.recordControl(
            declarationID: input.path.id, outcome: ControlResult.Outcome(rawValue: json.outcome.rawValue)!,
            violationKind: json.violationKind.flatMap { ControlResult.ViolationKind(rawValue: $0.rawValue) },
            additionalPayments: try json.additionalPayments.map { try APIMapping.tenge($0, "/additionalPayments") } ?? .zero,
            note: json.note ?? "", principal: try RequestScope.requirePrincipal())
        return .created(.init(body: .json(APIMapping.controlResult(control))))
    }
}

extension APIMapping {
    /// A draft from the fields the create, edit and trial bodies share.
    static func riskDraft(title: String, rationale: String, condition: Components.Schemas.RiskCondition, measure: Components.Schemas.RiskMeasure,
                          priority: Int?, offices: [String]?, validFrom: String, validTo: String?, at pointer: String = "") throws -> RiskWorkflow.Draft {
        try .read(title: title, rationale: rationale, condition: try JSONEncoder().encode(condition), channel: measure.channel.rawValue,
                  examination: measure.examination.rawValue, instruction: measure.instruction, priority: priority ?? 50, offices: offices ?? [],
                  validFrom: validFrom, validTo: validTo, at: pointer)
    }

    static func riskCondition(_ condition: RiskCondition) throws -> Components.Schemas.RiskCondition {
        try JSONDecoder().decode(Components.Schemas.RiskCondition.self, from: try JSONEncoder().encode(condition))
    }

    static func riskMeasure(_ measure: RiskMeasure) -> Components.Schemas.RiskMeasure {
        .init(channel: .init(rawValue: measure.channel.rawValue) ?? .yellow, examination: .init(rawValue: measure.examination.rawValue)!,
              instruction: measure.instruction)
    }

    static func riskProfile(_ profile: RiskProfile) throws -> Components.Schemas.RiskProfile {
        .init(id: profile.id, version: profile.version, status: .init(rawValue: profile.status.rawValue)!, title: profile.title,
              rationale: profile.rationale, condition: try riskCondition(profile.condition), measure: riskMeasure(profile.measure),
              priority: profile.priority, offices: profile.offices, validFrom: profile.validFrom.description, validTo: profile.validTo?.description,
              author: profile.author, approver: profile.approver, createdAt: profile.createdAt, decidedAt: profile.decidedAt)
    }

    static func riskHit(_ hit: RiskHit) throws -> Components.Schemas.RiskHit {
        .init(profileId: hit.profileID, version: hit.version, title: hit.title, measure: riskMeasure(hit.measure), priority: hit.priority,
              items: hit.items, evidence: hit.evidence.map { .init(field: $0.field.rawValue, value: $0.value, test: $0.test, item: $0.item) })
    }

    static func controlResult(_ control: ControlResult) -> Components.Schemas.ControlResult {
        .init(outcome: control.outcome.rawValue, violationKind: control.violationKind?.rawValue, additionalPayments: control.additionalPayments.description,
              note: control.note, officer: control.officer, recordedAt: control.recordedAt)
    }

    static func riskSettings(_ settings: RiskSettings) -> Components.Schemas.RiskSettings {
        .init(randomShare: settings.randomShare, randomShareByOffice: .init(additionalProperties: settings.randomShareByOffice),
              randomChannel: .init(rawValue: settings.randomChannel.rawValue) ?? .yellow, aeoSteps: settings.aeoSteps,
              aeoExemptFromRandom: settings.aeoExemptFromRandom, newTraderBelow: settings.newTraderBelow)
    }
}
