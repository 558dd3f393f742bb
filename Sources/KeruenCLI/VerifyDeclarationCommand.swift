import ArgumentParser
import Foundation
import KeruenCore
import KeruenServer

/// `keruen verify-declaration NUMBER`: verifies again every signature kept with a registered
/// declaration, against today's trust anchors and revocation lists, as of the time it was made.
struct VerifyDeclarationCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "verify-declaration",
                                                    abstract: "Re-verify the signatures kept with a registered declaration.")

    @OptionGroup var database: DatabaseOptions
    @Argument(help: "Registration number, e.g. 55201010/291126/0000001.") var number: String

    func run() async throws {
        let results = try await CommandEnvironment.with(database, migrate: false) { environment in
            try await SignatureAudit(dependencies: environment.dependencies).verify(registrationNumber: number)
        }
        guard let results else {
            print("No declaration is registered under \(number).")
            throw ExitCode(2)
        }
        if results.isEmpty { print("\(number) carries no signature.") }
        for result in results {
            print(result.line)
        }
        if results.contains(where: { !$0.valid }) { throw ExitCode(1) }
    }
}
