import ArgumentParser
import Foundation
import KeruenCore
import KeruenServer

/// `keruen demo`: loads the demo data set into the database and, with `--history-items`, a generated
/// foreign-trade history of that many goods items over the past years (``TradeHistory``).
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "demo", abstract: "Load the demo data set (and, if asked, a trade history at scale).")

    @OptionGroup var database: DatabaseOptions
    @Option(help: "Generate a foreign-trade history of this many declaration items (e.g. 10000000), replacing one generated before.")
    var historyItems: Int?
    @Option(help: "Years of history, ending with last month.") var historyYears = 5
    @Option(help: "Seed of the generated history (the same seed gives the same history).") var seed: UInt64 = 2026

    func validate() throws {
        if let historyItems, historyItems < 1 { throw ValidationError("--history-items takes a positive number") }
        guard (1...30).contains(historyYears) else { throw ValidationError("--history-years takes 1 to 30") }
    }

    func run() async throws {
        try await CommandEnvironment.with(database) { environment in
            let loaded = try await DemoData(dependencies: environment.dependencies, pkiFolder: environment.configuration.demoPKIFolder).load()
            print(loaded ? "Demo data loaded." : "Demo data was already there.")
            guard let historyItems else { return }
            let history = TradeHistory(items: historyItems, years: historyYears, before: TradePeriod(containing: environment.dependencies.clock()),
                                       reference: environment.dependencies.reference, seed: seed)
            print("Generating \(historyItems) items over \(history.months.count) months (\(history.months[0])…\(history.months[history.months.count - 1]))…")
            let started = ContinuousClock.now
            let cells = try await StatisticsWorkflow(dependencies: environment.dependencies).write(history, actor: "keruen-cli") { month, count in
                if month.month == 12 || month == history.months.last { print("  through \(month): \(count) items in its last month, \(ContinuousClock.now - started)") }
            }
            print("History written and summed: \(cells) cells in \(ContinuousClock.now - started).")
        }
    }
}
