import ArgumentParser
import Foundation
import KeruenCore
import KeruenServer

/// `keruen user add`: creates a user from the command line (the first administrator, typically).
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "user", abstract: "Manage users.", subcommands: [Add.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a user.")

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "User name.") var username: String
        @Option(name: .customLong("role"), help: "A role (repeatable): \(Role.allCases.map(\.rawValue).joined(separator: ", ")).")
        var roles: [String]
        @Option(help: "Full name shown in the portal.") var name: String?
        @Option(help: "BIN of the company (declarant, broker).") var company: String?
        @Option(help: "Customs office code (officer, supervisor).") var office: String?
        @Option(help: "The person's IIN.") var iin: String?
        @Option(help: "Portal language: kk, ru or en.") var language: String = "ru"
        @Option(help: "Password (prefer --password-stdin).") var password: String?
        @Flag(help: "Read the password from standard input.") var passwordStdin = false

        func validate() throws {
            for role in roles where Role(rawValue: role) == nil { throw ValidationError("unknown role \(role)") }
            if Language(rawValue: language) == nil { throw ValidationError("language must be kk, ru or en") }
            if password == nil && !passwordStdin { throw ValidationError("give --password or --password-stdin") }
        }

        func run() async throws {
            let secret = passwordStdin ? (readLine(strippingNewline: true) ?? "") : (password ?? "")
            let new = AdminWorkflow.NewUser(username: username, password: secret, displayName: name ?? username, iin: iin,
                                            roles: Set(roles.compactMap(Role.init(rawValue:))), companyBIN: company, officeCode: office,
                                            language: Language(rawValue: language))
            try await CommandEnvironment.with(database) { environment in
                let user = try await environment.explained { try await AdminWorkflow(dependencies: environment.dependencies).createUser(new, actor: "cli") }
                print("Created user \(user.username) with roles \(user.roles.map(\.rawValue).sorted().joined(separator: ", ")).")
            }
        }
    }
}
