import Foundation
import KeruenCore
import KeruenReference
import KeruenStore

/// `keruen risk …`: training the learned score on past controls, and loading generated profiles into a
/// test installation to measure registration with many profiles in force.
public struct RiskModelWorkflow: Sendable {
    let dependencies: AppDependencies

    public init(dependencies: AppDependencies) { self.dependencies = dependencies }

    /// Fits a model on every controlled declaration (features as they were at registration), keeps it,
    /// and answers it with its report on the newest controls, held out. Audited; used from the next registration.
    public func train(actor: String, trainer: RiskModelTrainer = RiskModelTrainer()) async throws -> (model: RiskModel, report: RiskModelTrainer.Report) {
        let samples = try await dependencies.store.read { try await $0.risk.trainingSamples() }
        let trained: (model: RiskModel, report: RiskModelTrainer.Report)
        do throws(RiskModelTrainer.Refusal) {
            trained = try trainer.train(samples)
        } catch {
            switch error {
            case .tooFewSamples(let count):
                throw APIProblem(.conflict, "too-few-controls", detail: "\(count) controlled declaration(s) with features; at least 40 are needed.")
            case .oneOutcome:
                throw APIProblem(.conflict, "one-outcome", detail: "Every past control had the same outcome; there is nothing to learn from.")
            }
        }
        let now = dependencies.clock(), id = TimeOrderedID.make()
        try await dependencies.store.write { session in
            try await session.risk.insert(trained.model, report: trained.report, id: id, at: now, by: actor)
            session.record(AuditEntry(actor: actor, action: "risk-model.train", objectType: "risk-model", objectID: id, at: now,
                                      stateDigest: try StateDigest.of(trained.model)))
        }
        dependencies.riskReference.invalidate()
        return trained
    }

    /// Stores `count` generated profiles, in force (see ``SyntheticRiskProfiles``); for measurement only.
    public func loadSynthetic(count: Int, actor: String) async throws {
        let profiles = SyntheticRiskProfiles.make(count: count, reference: dependencies.reference, at: dependencies.clock())
        let now = dependencies.clock()
        try await dependencies.store.write { session in
            for profile in profiles { try await session.risk.insert(profile) }
            session.record(AuditEntry(actor: actor, action: "risk-profile.synthetic", objectType: "risk-profile", objectID: "\(count) profile(s)",
                                      at: now, stateDigest: try StateDigest.of(profiles.map(\.id))))
        }
        dependencies.riskReference.invalidate()
    }
}
