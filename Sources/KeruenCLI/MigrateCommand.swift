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
