import ArgumentParser

/// `keruen`: the one binary of the customs system.
public struct KeruenCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "keruen",
        abstract: "Keruen — open customs automated information system.",
        subcommands: [ServeCommand.self, MigrateCommand.self, DemoCommand.self, UserCommand.self, AuditCommand.self, PKICommand.self, RiskCommand.self,
                      SignCommand.self, VerifyDeclarationCommand.self, ImportCommand.self, LoadGeneratorCommand.self, StatisticsCommand.self, ReportCommand.self],
        defaultSubcommand: ServeCommand.self)

    public init() {}
}

/// Options every command that opens the database shares.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .customLong("database-url"), help: "sqlite:PATH or postgres://user:password@host:port/database (env KERUEN_DATABASE_URL).")
    var databaseURL: String?

    @Option(name: .customLong("env-file"), help: "A .env file with KERUEN_… settings.")
    var environmentFile = ".env"
}

extension KeruenCommand {
    /// Runs the command line. Called from an async function so that ArgumentParser's async `main`
    /// is chosen; top-level code in main.swift picks the synchronous one, which refuses async commands.
    public static func start() async {
        let root: any AsyncParsableCommand.Type = KeruenCommand.self
        await root.main(nil)
    }
}
