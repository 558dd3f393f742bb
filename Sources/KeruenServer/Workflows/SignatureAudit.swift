import Foundation
import KeruenCore
import KeruenSignature

/// Verifies again the signatures kept with a declaration (`keruen verify-declaration`): the payload
/// computed anew from the declaration as stored, today's trust anchors and revocation lists, and the
/// certificates as of the time the signature was accepted — registration for a submission, the
/// decision for an officer's signature.
public struct SignatureAudit: Sendable {
    let dependencies: AppDependencies

    public init(dependencies: AppDependencies) { self.dependencies = dependencies }

    public struct Result: Sendable {
        public var signature: DeclarationSignature
        public var refusal: SignatureRefusal?
        public var valid: Bool { refusal == nil }

        /// One line for people: what was signed, by whom, and the verdict.
        public var line: String {
            let signer = [signature.signer.commonName, signature.signer.iin.map { "IIN \($0)" }, signature.signer.bin.map { "BIN \($0)" }]
                .compactMap { $0 }.joined(separator: ", ")
            let verdict = refusal.map { "REFUSED \($0.reason.rawValue): \($0.detail)" } ?? "valid"
            return "\(signature.purpose) v\(signature.version) signed by \(signer)\(signature.serverHeldKey ? " (server-held key)" : ""): \(verdict)"
        }
    }

    /// nil when no declaration is registered under the number.
    public func verify(registrationNumber: String) async throws -> [Result]? {
        let found = try await dependencies.store.read { session -> (Declaration, [DeclarationSignature])? in
            guard let document = try await session.declarations.find(registrationNumber: registrationNumber) else { return nil }
            return (document.declaration, try await session.signatures.all(declarationID: document.declaration.id))
        }
        guard let (declaration, signatures) = found else { return nil }
        let trust = try await dependencies.signatureTrust.snapshot(now: dependencies.clock())
        var results: [Result] = []
        for signature in signatures {
            let verifier = signature.serverHeldKey ? dependencies.serverKey.officerKeyVerifier : trust.verifier
            let time = signature.purpose == "submit" ? (declaration.registeredAt ?? signature.verifiedAt) : signature.verifiedAt
            let outcome = await verifier.verify(signature: signature.signature, over: try signature.payload(for: declaration), at: time)
            switch outcome {
            case .success(let verified) where verified.signer != signature.signer:
                results.append(Result(signature: signature, refusal: SignatureRefusal(.notAuthorised, "The certificate names another signer than was recorded.")))
            case .success:
                results.append(Result(signature: signature, refusal: nil))
            case .failure(let refusal):
                results.append(Result(signature: signature, refusal: refusal))
            }
        }
        return results
    }
}
