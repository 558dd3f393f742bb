import ArgumentParser
import KeruenServer
import KeruenStore

/// `keruen migrate`: applies pending migrations and says which.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "migrate", abstract: "Apply database migrations.")

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        try await CommandEnvironment.with(database, migrate: false) { environment in
            let applied = try await environment.dependencies.store.migrate()
            print(applied.isEmpty ? "The database is up to date." : "Applied migrations: \(applied.map(String.init).joined(separator: ", "))")
        }
    }
}

/// `keruen demo`: loads the demo data set into the database.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "demo", abstract: "Load the demo data set.")

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        try await CommandEnvironment.with(database) { environment in
            let loaded = try await DemoData(dependencies: environment.dependencies, pkiFolder: environment.configuration.demoPKIFolder).load()
            print(loaded ? "Demo data loaded." : "Demo data was already there.")
        }
    }
}
