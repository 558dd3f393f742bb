import Foundation
import KeruenCore
import KeruenSignature
import KeruenStore
import X509

extension DeclarationWorkflow {
    /// The exact bytes to sign for submitting the draft at its current version.
    func signingPayload(id: String, principal: Principal) async throws -> (payload: SigningPayload, version: Int) {
        let document = try await document(id: id, principal: principal)
        guard document.declaration.status == .draft else {
            throw APIProblem.invalidState("Only a draft is signed for submission; this declaration is \(document.declaration.status.rawValue).")
        }
        return (try document.signingPayload(), document.declaration.version)
    }

    /// The exact bytes an officer signs for `decision` on a registered declaration, at its current version.
    func decisionPayload(id: String, decision: OfficerDecision, reasons: [String], principal: Principal) async throws -> SigningPayload {
        guard principal.hasAny(.officer, .supervisor) else { throw APIProblem.forbidden }
        let declaration = try await get(id: id, principal: principal)
        guard declaration.status == .registered, let number = declaration.registrationNumber else {
            throw APIProblem.invalidState("Only a registered declaration can be decided on; this one is \(declaration.status.rawValue).")
        }
        return SigningPayload(decision: decision.rawValue, declarationID: declaration.id, registrationNumber: number.description,
                              version: declaration.version, reasons: reasons)
    }

    func signatures(id: String, principal: Principal) async throws -> [DeclarationSignature] {
        _ = try await get(id: id, principal: principal)
        return try await store.read { try await $0.signatures.all(declarationID: id) }
    }

    /// The submission's signature checked: required where the office says so, valid, and by the
    /// declarant or a person of a broker representing it. Throws the refusal as a problem.
    /// `trust` is read before the caller's session: a read nested in a session could wait for a connection it holds.
    func verifiedSignature(_ signature: [UInt8]?, of document: DeclarationDocument, by principal: Principal, trust: SignatureTrust.Snapshot,
                           in session: StoreSession) async throws -> DeclarationSignature? {
        let now = dependencies.clock()
        let declaration = document.declaration
        guard let signature else {
            guard !trust.signatureRequired(officeCode: declaration.content.officeCode) else {
                throw APIProblem.signature(SignatureRefusal(.missing, "Office \(declaration.content.officeCode ?? "") requires a signed submission."))
            }
            return nil
        }
        let verified = try await trust.verifier.verify(signature: signature, over: document.signingPayload().bytes, at: now)
            .mapError { APIProblem.signature($0) }.get()
        let day = CustomsDay(containing: now)
        var brokers: Set<String> = []
        if SigningRights.needsRepresentations(verified.signer, for: declaration.content), let declarant = declaration.content.declarant?.identificationNumber {
            brokers = try await session.companies.representingBrokers(declarantBIN: declarant, on: day)
        }
        if let refusal = SigningRights(representingBrokers: brokers).check(verified.signer, for: declaration.content) {
            throw APIProblem.signature(refusal)
        }
        return DeclarationSignature(verified, signature: signature, purpose: "submit", version: declaration.version, by: principal, serverHeldKey: false)
    }

    /// An officer's signature of a decision: valid under the trust anchors (or, for a server-held key,
    /// the server's officer-key authority) and made by the officer himself (the IIN of his account).
    func officerSignature(_ signature: [UInt8]?, payload: SigningPayload, purpose: String, version: Int, reasons: [String], by principal: Principal,
                          serverHeldKey: Bool, trust: SignatureTrust.Snapshot, in session: StoreSession) async throws -> DeclarationSignature {
        guard let signature else { throw APIProblem.signature(SignatureRefusal(.missing, "An officer's decision must be signed.")) }
        let now = dependencies.clock()
        let verifier = serverHeldKey
            ? dependencies.serverKey.officerKeyVerifier
            : trust.verifier
        let verified = try await verifier.verify(signature: signature, over: payload.bytes, at: now).mapError { APIProblem.signature($0) }.get()
        let officer = try await session.users.find(username: principal.username)
        guard let iin = officer?.iin, verified.signer.iin == iin else {
            throw APIProblem.signature(SignatureRefusal(.notAuthorised,
                "The signer's IIN \(verified.signer.iin ?? "none") is not the IIN of the officer's account (\(officer?.iin ?? "none")."))
        }
        var signed = DeclarationSignature(verified, signature: signature, purpose: purpose, version: version, by: principal, serverHeldKey: serverHeldKey)
        signed.reasons = reasons
        return signed
    }
}

extension DeclarationSignature {
    init(_ verified: VerifiedSignature, signature: [UInt8], purpose: String, version: Int, by principal: Principal, serverHeldKey: Bool) {
        self.init(purpose: purpose, version: version, signature: signature, certificate: verified.certificate, signer: verified.signer,
                  subject: verified.subject, issuer: verified.issuer, serialNumber: verified.serialNumber, signingTime: verified.signingTime,
                  verifiedAt: verified.checkedAt, submittedBy: principal.username, serverHeldKey: serverHeldKey)
    }
}

extension DeclarationWorkflow {
    /// A decision made in the portal: signed by the server with the key it holds for the officer (made
    /// on first use and certified by the server's officer-key authority), and recorded as such.
    func decideWithServerHeldKey(id: String, decision: OfficerDecision, reasons: [String], expectedVersion: Int?,
                                 principal: Principal) async throws -> Declaration {
        let payload = try await decisionPayload(id: id, decision: decision, reasons: reasons, principal: principal)
        let signer = try await serverHeldSigner(for: principal)
        return try await decide(id: id, decision: decision, reasons: reasons, expectedVersion: expectedVersion, principal: principal,
                                idempotencyKey: nil, signature: try signer.sign(payload.bytes, at: dependencies.clock()), serverHeldKey: true)
    }

    private func serverHeldSigner(for principal: Principal) async throws -> PayloadSigner {
        if let held = try await store.read({ try await $0.signatures.officerKey(username: principal.username) }) {
            return try PayloadSigner(certificatePEM: held.certificate, privateKeyPEM: held.privateKey)
        }
        guard let officer = try await store.read({ try await $0.users.find(username: principal.username) }), let iin = officer.iin else {
            throw APIProblem.signature(SignatureRefusal(.signerUnidentified, "The officer's account has no IIN to put in a certificate."))
        }
        let signer = try dependencies.serverKey.officerAuthority.issue(commonName: officer.displayName, iin: iin, bin: nil,
                                                                       validFrom: dependencies.clock().addingTimeInterval(-3600))
        let keyPEM = try signer.privateKey.serializeAsPEM().pemString
        let certificatePEM = try signer.certificate.pemText
        try await store.write { session in
            guard try await session.signatures.officerKey(username: principal.username) == nil else { return }
            try await session.signatures.insertOfficerKey(username: principal.username, privateKey: keyPEM, certificate: certificatePEM,
                                                          at: dependencies.clock())
            session.record(AuditEntry(actor: principal.username, action: "officer-key.create", objectType: "user", objectID: officer.id,
                                      at: dependencies.clock(), stateDigest: try CertificateFingerprint.sha256(signer.certificate)))
        }
        return try await serverHeldSigner(for: principal)
    }
}
