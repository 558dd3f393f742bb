import ArgumentParser
import KeruenCore
import KeruenServer

/// `keruen report daily DATE`: the daily summary report of a customs day, as CSV on standard output.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "report", abstract: "Reports.", subcommands: [Daily.self])

    struct Daily: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Declarations registered, released and refused per office and channel, values, payments and the median clearance time of a day (CSV).")

        @Argument(help: "The customs day, YYYY-MM-DD (Almaty time).") var date: String
        @OptionGroup var database: DatabaseOptions

        /// Whoever runs the command holds the database, and reads as an administrator.
        static let `operator` = Principal(userID: "keruen-cli", username: "keruen-cli", roles: [.admin])

        func run() async throws {
            guard let day = CustomsDay(iso: date) else { throw ValidationError("\(date) is not a date YYYY-MM-DD.") }
            let report = try await CommandEnvironment.with(database, migrate: false) { environment in
                try await StatisticsWorkflow(dependencies: environment.dependencies).dailyReport(day, principal: Self.operator)
            }
            print(report.csv, terminator: "")
        }
    }
}
