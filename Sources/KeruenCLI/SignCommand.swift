import ArgumentParser
import Foundation
import KeruenSignature

/// `keruen sign`: signs a payload as `openssl cms -sign -binary -outform DER` does, for users without
/// an EDS tool of their own (and the demo). Writes the DER signature to standard output or a file.
struct SignCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sign", abstract: "Sign a payload file: a detached CMS signature in DER.")

    @Option(help: "The signer's certificate (PEM; intermediates may follow it).") var certificate: String
    @Option(help: "The signer's private key (PEM).") var key: String
    @Option(help: "Write the signature here instead of standard output.") var out: String?
    @Flag(help: "Write base64 instead of DER (as the API's submit body takes it).") var base64 = false
    @Argument(help: "The payload file, as downloaded from the signing-payload endpoint.") var payload: String

    func run() async throws {
        let signer = try PayloadSigner(certificatePEM: String(contentsOfFile: certificate, encoding: .utf8),
                                       privateKeyPEM: String(contentsOfFile: key, encoding: .utf8))
        let signature = try signer.sign(Array(try Data(contentsOf: URL(fileURLWithPath: payload))))
        let output = base64 ? Data(Data(signature).base64EncodedString().utf8) : Data(signature)
        if let out {
            try output.write(to: URL(fileURLWithPath: out))
        } else {
            FileHandle.standardOutput.write(output)
        }
    }
}
