import ArgumentParser
import KeruenServer
import KeruenStore

/// `keruen audit verify` walks the audit hash chain and checks every signed checkpoint against it;
/// `keruen audit checkpoint` signs one now.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "audit", abstract: "Audit trail.", subcommands: [Verify.self, Checkpoint.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the audit chain end to end, and that it still reaches every checkpoint the server signed (exit code 1 if not).")

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let (records, checkpoints, findings) = try await CommandEnvironment.with(database, migrate: false) { environment in
                try await environment.dependencies.store.read { session in
                    let checkpoints = try await session.checkpoints.all()
                    let findings = try await session.auditLog.verify(checkpoints: checkpoints, publicKeyPEM: environment.dependencies.serverKey.publicKeyPEM)
                    return (try await session.auditLog.length(), checkpoints.count, findings)
                }
            }
            guard findings.isEmpty else {
                print("Audit trail NOT intact:")
                for finding in findings { print("  " + finding) }
                throw ExitCode(1)
            }
            print("Audit chain intact: \(records) records; \(checkpoints) signed checkpoint(s) verified.")
        }
    }

    struct Checkpoint: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Sign a checkpoint of the audit chain now.")

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let checkpoint = try await CommandEnvironment.with(database) { environment in
                try await AuditCheckpoints(dependencies: environment.dependencies).sign()
            }
            print("Checkpoint of \(checkpoint.at): \(checkpoint.length) records, head \(checkpoint.headHash).")
        }
    }
}
