import ArgumentParser
import Foundation
import KeruenCore
import KeruenServer
import KeruenSignature
import KeruenStore

/// `keruen pki …`: the trust anchors and revocation lists signatures are checked against, offices'
/// signature policy, and a demo CA for trying the signing flow on one machine.
struct PKICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pki", abstract: "Trust anchors, revocation lists, signature policy, demo CA.",
        subcommands: [AddAnchor.self, RemoveAnchor.self, Anchors.self, AddCRL.self, CRLs.self, Policy.self, DemoCA.self])

    struct AddAnchor: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add-anchor", abstract: "Trust a certification authority's root certificate (PEM or DER file).")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "Certificate file.") var file: String

        func run() async throws {
            let data = try PKICommand.read(file)
            try await CommandEnvironment.with(database) { environment in
                let entry = try await environment.explained { try await TrustWorkflow(dependencies: environment.dependencies).addAnchor(data, actor: "cli") }
                print("Trusted \(entry.name) (SHA-256 \(entry.fingerprint)).")
            }
        }
    }

    struct RemoveAnchor: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "remove-anchor", abstract: "Stop trusting an anchor, by its SHA-256 fingerprint.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "SHA-256 fingerprint (hex), as `keruen pki anchors` lists it.") var fingerprint: String

        func run() async throws {
            try await CommandEnvironment.with(database) { environment in
                try await environment.explained { try await TrustWorkflow(dependencies: environment.dependencies).removeAnchor(fingerprint: fingerprint, actor: "cli") }
                print("Removed \(fingerprint).")
            }
        }
    }

    struct Anchors: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the trust anchors.")
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await CommandEnvironment.with(database) { environment in
                for entry in try await environment.dependencies.store.read({ try await $0.trust.anchors() }) {
                    print("\(entry.fingerprint)  \(entry.name)  valid \(entry.from) – \(entry.until.map { "\($0)" } ?? "")")
                }
            }
        }
    }

    struct AddCRL: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add-crl", abstract: "Add a certificate revocation list (PEM or DER file).")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "CRL file.") var file: String

        func run() async throws {
            let data = try PKICommand.read(file)
            try await CommandEnvironment.with(database) { environment in
                let entry = try await environment.explained {
                    try await TrustWorkflow(dependencies: environment.dependencies).addRevocationList(data, actor: "cli")
                }
                print("Added the revocation list of \(entry.name) of \(entry.from): \(entry.revokedCount) revoked certificate(s).")
            }
        }
    }

    struct CRLs: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "crls", abstract: "List the revocation lists.")
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await CommandEnvironment.with(database) { environment in
                for entry in try await environment.dependencies.store.read({ try await $0.trust.revocationLists() }) {
                    print("\(entry.fingerprint)  \(entry.name)  of \(entry.from)  \(entry.revokedCount) revoked")
                }
            }
        }
    }

    struct Policy: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Set whether submissions at an office must be signed.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "Customs office code.") var office: String
        @Flag(exclusivity: .exclusive, help: "Required (the default) or optional.") var requirement: Requirement

        enum Requirement: String, EnumerableFlag { case required, optional }

        func run() async throws {
            try await CommandEnvironment.with(database) { environment in
                try await environment.explained {
                    try await TrustWorkflow(dependencies: environment.dependencies).setSignatureRequired(requirement == .required, officeCode: office, actor: "cli")
                }
                print("Signatures at \(office): \(requirement.rawValue).")
            }
        }
    }

    struct DemoCA: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "demo-ca",
            abstract: "Make a demo CA and signing certificates (IIN/BIN as the national CA writes them) for trying the flow; never for production.")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "Folder to write the CA and the certificates and keys to.") var out = "demo-pki"
        @Option(name: .customLong("person"), help: "A signer as NAME:IIN or NAME:IIN:BIN (repeatable).") var people: [String] = []
        @Flag(help: "Also trust the demo CA in the configured database.") var install = false

        func run() async throws {
            let authority = try CertificateAuthority.make()
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            try PKICommand.write("\(out)/demo-ca.pem", try authority.certificate.pemText)
            print("Wrote \(out)/demo-ca.pem")
            for person in people {
                let parts = person.split(separator: ":").map(String.init)
                guard parts.count >= 2 else { throw ValidationError("--person NAME:IIN[:BIN]") }
                let signer = try authority.issue(commonName: parts[0], iin: parts[1], bin: parts.count > 2 ? parts[2] : nil)
                let file = parts[1]
                try PKICommand.write("\(out)/\(file).pem", try signer.certificate.pemText)
                try PKICommand.write("\(out)/\(file).key", try signer.privateKey.serializeAsPEM().pemString, private: true)
                print("Wrote \(out)/\(file).pem and \(out)/\(file).key for \(parts[0])")
            }
            if install {
                let pem = try authority.certificate.pemText
                try await CommandEnvironment.with(database) { environment in
                    _ = try await TrustWorkflow(dependencies: environment.dependencies).addAnchor(pem, actor: "cli")
                }
                print("The demo CA is now a trust anchor.")
            }
        }
    }

    static func read(_ file: String) throws -> String {
        let data = try Data(contentsOf: URL(fileURLWithPath: file))
        if let text = String(data: data, encoding: .utf8), text.contains("-----BEGIN") { return text }
        return data.base64EncodedString()
    }

    static func write(_ path: String, _ text: String, private: Bool = false) throws {
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: `private` ? 0o600 : 0o644]) else {
            throw ValidationError("cannot write \(path)")
        }
    }
}
