import ArgumentParser
import Foundation
import KeruenServer

/// `keruen stats rebuild`: sums the foreign-trade statistics' cells again from their records.
struct StatisticsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stats", abstract: "Foreign-trade statistics.", subcommands: [Rebuild.self])

    struct Rebuild: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recompute the statistics' cells from the records of released declarations (the same figures as kept on the way; audited).")

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let started = ContinuousClock.now
            let cells = try await CommandEnvironment.with(database) { environment in
                try await StatisticsWorkflow(dependencies: environment.dependencies).rebuild(actor: "keruen-cli")
            }
            print("Statistics rebuilt: \(cells) cells in \(ContinuousClock.now - started).")
        }
    }
}
