import ArgumentParser
import Foundation
import KeruenCore
import KeruenServer

/// `keruen risk …`: the learned risk score, and generated profiles for measurement.
struct RiskCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "risk", abstract: "Train the learned risk score; load generated risk profiles.", subcommands: [Train.self, Synthetic.self])

    struct Train: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fit the risk score on past control results and report its precision and recall on the newest of them, held out.")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "Share of the newest controls held out for the report.") var holdout: Double = 0.2

        func run() async throws {
            try await CommandEnvironment.with(database) { environment in
                let (model, report) = try await environment.explained {
                    try await RiskModelWorkflow(dependencies: environment.dependencies).train(actor: "cli", trainer: RiskModelTrainer(holdout: holdout))
                }
                func percent(_ value: Double) -> String { String(format: "%.1f %%", value * 100) }
                print("Trained on \(report.trained) controlled declaration(s); held out the newest \(report.heldOut).")
                print("Held out: \(percent(report.baseRate)) of controls found a violation (what a random selection finds).")
                print("At the threshold \(String(format: "%.2f", report.threshold)) the model selects \(report.selected): precision \(percent(report.precision)), recall \(percent(report.recall)).")
                print("Weights (standardised features):")
                for (name, weight) in zip(model.features, model.weights).sorted(by: { abs($0.1) > abs($1.1) }) {
                    print("  \(name.padding(toLength: 28, withPad: " ", startingAt: 0)) \(String(format: "%+.3f", weight))")
                }
                print("The model scores registrations from now on.")
            }
        }
    }

    struct Synthetic: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "load-synthetic", abstract: "Store generated risk profiles, in force, to measure registration with many profiles (not for production).")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "How many.") var count: Int = 10_000

        func run() async throws {
            try await CommandEnvironment.with(database) { environment in
                try await RiskModelWorkflow(dependencies: environment.dependencies).loadSynthetic(count: count, actor: "cli")
                print("Stored \(count) generated risk profile(s), in force.")
            }
        }
    }
}
