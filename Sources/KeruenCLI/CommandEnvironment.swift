import ArgumentParser
import Foundation
import KeruenReference
import KeruenServer
import KeruenStore
import Logging

/// What a command needs to work on the database: configuration, an open store and the dependencies.
struct CommandEnvironment {
    let configuration: AppConfiguration
    let provider: any DatabaseProvider
    let dependencies: AppDependencies

    /// Opens the configured database and runs `body` with it; migrates first when `migrate` is set.
    /// - Parameter flags: command-line values, which win over the environment and `.env`.
    static func with<T: Sendable>(_ options: DatabaseOptions, migrate: Bool = true,
                                  flags: (inout AppConfiguration) -> Void = { _ in },
                                  _ body: (CommandEnvironment) async throws -> T) async throws -> T {
        var configuration = AppConfiguration(reader: try await AppConfiguration.reader(environmentFile: options.environmentFile))
        if let url = options.databaseURL { configuration.databaseURL = url }
        flags(&configuration)
        var logger = Logger(label: "keruen")
        logger.logLevel = configuration.logLevel
        let provider = try await openDatabase(url: configuration.databaseURL, logger: logger)
        let dependencies = AppDependencies(configuration: configuration, store: Store(provider: provider),
                                           reference: try ReferenceData.bundled(), localizer: try Localizer.bundled(), logger: logger,
                                           serverKey: try ServerSigningKey.load(path: configuration.serverKeyFile))
        let environment = CommandEnvironment(configuration: configuration, provider: provider, dependencies: dependencies)
        return try await withRunningDatabase(provider) {
            if migrate { try await dependencies.store.migrate() }
            return try await body(environment)
        }
    }
}

extension CommandEnvironment {
    /// Runs `body`, turning a refusal into a command-line error in words, with every failing field.
    @discardableResult
    /// `file`, when given, heads the message instead of the problem's title.
    func explained<T>(in file: String? = nil, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let problem as APIProblem {
            let localizer = dependencies.localizer
            let details = problem.fields.map { "  \($0.pointer): \(localizer.message(for: $0, in: .en))" }
            let heading = file.map { "\($0) refused, nothing stored:" } ?? problem.detail ?? localizer.text("problem.\(problem.code)", .en)
            throw ValidationError(([heading] + details).joined(separator: "\n"))
        }
    }
}
