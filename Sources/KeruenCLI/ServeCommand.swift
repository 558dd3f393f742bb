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
        var flags = database.flags
        if let host { flags["keruen.http.host"] = host }
        if let port { flags["keruen.http.port"] = String(port) }
        if demo { flags["keruen.demo"] = "true" }
        try await CommandEnvironment.with(flags: flags, environmentFile: database.environmentFile) { environment in
            let configuration = environment.configuration
            MetricsSystem.bootstrap(environment.dependencies.metrics.factory)
            if configuration.demo {
                try await DemoData(dependencies: environment.dependencies).load()
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
            ]
        } else {
            lines.append("Create a first administrator with: keruen user add NAME --role admin --password-stdin")
        }
        print(lines.joined(separator: "\n") + "\n")
    }
}
