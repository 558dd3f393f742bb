import ArgumentParser
import Foundation
import KeruenCore
import KeruenServer

/// `keruen import …`: the National Bank's exchange rates and the tariff. A file with a bad line is
/// refused whole, each bad line named, and nothing of it is stored.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Import exchange rates, the tariff or a partner country's trade figures.", subcommands: [Rates.self, TariffCommand.self, PartnerStats.self])

    struct Rates: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import the National Bank of Kazakhstan's daily rates (its published XML, one file per day).")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "Rate files.") var files: [String]

        func run() async throws {
            let contents = try files.map { try Data(contentsOf: URL(fileURLWithPath: $0)) }
            try await CommandEnvironment.with(database) { environment in
                // Every file is read before anything is stored, so a bad third file leaves the first two unimported too.
                var rates: [ExchangeRate] = []
                for (file, data) in zip(files, contents) {
                    let day = try await environment.explained(in: file) { try PaymentReferenceWorkflow.rates(in: data) }
                    print("\(file): \(day.count) rate(s) of \(day.first?.day.description ?? "no day").")
                    rates += day
                }
                try await PaymentReferenceWorkflow(dependencies: environment.dependencies).storeRates(rates, actor: "cli")
                print("Stored \(rates.count) rate(s).")
            }
        }
    }

    struct TariffCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "tariff", abstract: "Import tariff records (CSV, columns in docs/payments.md).")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "Tariff file.") var file: String

        func run() async throws {
            let text = try String(contentsOf: URL(fileURLWithPath: file), encoding: .utf8)
            try await CommandEnvironment.with(database) { environment in
                let records = try await environment.explained(in: file) {
                    try await PaymentReferenceWorkflow(dependencies: environment.dependencies).importTariff(text, actor: "cli")
                }
                print("\(file): \(records.count) tariff record(s) stored.")
            }
        }
    }

    struct PartnerStats: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "partner-stats",
                                                        abstract: "Import a partner country's trade figures (UN Comtrade CSV) for mirror statistics.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "UN Comtrade CSV file.") var file: String

        func run() async throws {
            let text = try String(contentsOf: URL(fileURLWithPath: file), encoding: .utf8)
            try await CommandEnvironment.with(database) { environment in
                let figures = try await environment.explained(in: file) {
                    try await StatisticsWorkflow(dependencies: environment.dependencies).importPartnerFigures(text, actor: "cli")
                }
                print("\(file): \(figures.count) partner figure(s) stored (\(Set(figures.map(\.reporter)).sorted().joined(separator: ", "))).")
            }
        }
    }
}
