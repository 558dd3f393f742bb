import Foundation
import KeruenCore
import KeruenStore

extension DeclarationWorkflow {
    /// Selectivity at registration: every active profile through the engine's index, then the strictest
    /// measure, or the random selection (from the system's cryptographic source), then AEO lowering.
    func selectivity(of content: DeclarationContent, assessment: PaymentAssessment?, payments: PaymentCalculator, risk: RiskReference.Snapshot,
                     in session: StoreSession, day: CustomsDay) async throws -> RiskResult {
        var compliance = ComplianceRecord()
        if let bin = content.declarant?.identificationNumber {
            compliance = try await session.risk.compliance(bin: bin, countingRegistrationsUpTo: risk.settings.newTraderBelow)
        }
        let (input, features, scored) = risk.input(for: content, customsValues: assessment?.customsValues, payments: payments,
                                                   compliance: compliance, on: day)
        var generator = SystemRandomNumberGenerator()
        var result = RiskResult(hits: risk.engine.evaluate(input, on: day), office: content.officeCode, aeo: compliance.aeo, settings: risk.settings,
                                score: scored?.score, scoreFeatures: scored?.contributions, using: &generator)
        result.features = features
        return result
    }

    /// Keeps the result with the registered declaration and audits the channel (the audit is for customs;
    /// the declarant's history does not show it).
    func record(_ selectivity: RiskResult, of declaration: Declaration, in session: StoreSession, at now: Date) async throws {
        let bin = declaration.content.declarant?.identificationNumber
        let digest = try await session.risk.insert(selectivity, declarationID: declaration.id, officeCode: declaration.content.officeCode,
                                                   declarantBIN: bin, at: now)
        session.record(AuditEntry(actor: "keruen", action: "declaration.channel", objectType: "declaration", objectID: declaration.id, at: now,
                                  stateDigest: digest))
    }
}
