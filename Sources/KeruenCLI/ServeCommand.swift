import ArgumentParser
import Foundation
import Hummingbird
import KeruenServer
import Logging
import Metrics

/// `keruen serve`: migrates the database, optionally loads the demo data, and serves the API and portal.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Run the Keruen server.")

    @OptionGroup var database: DatabaseOptions

    @Option(help: "Address to listen on (env KERUEN_HTTP_HOST).") var host: String?
    @Option(help: "Port to listen on (env KERUEN_HTTP_PORT).") var port: Int?
    @Flag(help: "Load the demo data set (users demo-declarant … demo-admin, password 'demo').") var demo = false


    func run() async throws {
        try await CommandEnvironment.with(database, flags: { configuration in
            if let host { configuration.host = host }
            if let port { configuration.port = port }
            if demo { configuration.demo = true }
        }) { environment in
            let configuration = environment.configuration
            MetricsSystem.bootstrap(environment.dependencies.metrics.factory)
            if configuration.demo {
                try await DemoData(dependencies: environment.dependencies, pkiFolder: configuration.demoPKIFolder).load()
            }
            let app = try await buildApplication(dependencies: environment.dependencies)
            printWelcome(configuration)
            try await app.runService()
        }
    }

    private func printWelcome(_ configuration: AppConfiguration) {
        let url = "http://\(configuration.host):\(configuration.port)"
        var lines = ["", "Keruen is running on \(url) (database: \(configuration.databaseURL.hasPrefix("postgres") ? "PostgreSQL" : configuration.databaseURL))"]
        if configuration.demo {
            lines += [
                "Open \(url)/signin and sign in as one of:",
                "  demo-declarant, demo-broker, demo-officer, demo-supervisor, demo-analyst, demo-admin",
                "with the password: \(DemoData.password)",
                "API: curl -s -X POST \(url)/api/v1/auth/token -H 'Content-Type: application/json' -d '{\"username\":\"demo-declarant\",\"password\":\"demo\"}'",
                "Submissions are signed: the demo declarant's and broker's certificates and keys are in \(configuration.demoPKIFolder)/, e.g.",
                "  keruen sign --certificate \(configuration.demoPKIFolder)/demo-declarant.pem --key \(configuration.demoPKIFolder)/demo-declarant.key payload.json > payload.sig",
                "  (or: openssl cms -sign -binary -outform DER -in payload.json -signer \(configuration.demoPKIFolder)/demo-declarant.pem -inkey \(configuration.demoPKIFolder)/demo-declarant.key -out payload.sig)",
            ]
        } else {
            lines.append("Create a first administrator with: keruen user add NAME --role admin --password-stdin")
        }
        // Written straight to the file descriptor: print() buffers when the output is not a terminal.
        FileHandle.standardOutput.write(Data((lines.joined(separator: "\n") + "\n\n").utf8))
    }
}
