import ArgumentParser
import KeruenStore

/// `keruen audit verify`: walks the audit hash chain; exit code 1 names the first broken record.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "audit", abstract: "Audit trail.", subcommands: [Verify.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Check the audit chain end to end.")

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let result = try await CommandEnvironment.with(database, migrate: false) { environment in
                try await environment.dependencies.store.read { try await $0.auditLog.verify() }
            }
            switch result {
            case .intact(let records):
                print("Audit chain intact: \(records) records.")
            case .broken(let sequence, let reason):
                print("Audit chain broken at record \(sequence): \(reason).")
                throw ExitCode(1)
            }
        }
    }
}
