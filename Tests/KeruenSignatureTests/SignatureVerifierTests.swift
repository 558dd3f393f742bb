import Foundation
import KeruenCore
import KeruenSignature
import KeruenTestSupport
import Testing
import X509

/// Signatures made by OpenSSL (`openssl cms -sign`), verified against the test root and its revocation list.
@Suite struct SignatureVerifierTests {
    let pki = TestPKI.shared
    let payload = try! SigningPayload(declarationID: "0193aaaa", version: 3, content: DeclarationContent(officeCode: "55201010")).bytes

    func verifier() throws -> SignatureVerifier {
        SignatureVerifier(anchors: [try pki.certificate("root")], revocationLists: [try pki.revocationList()])
    }

    func refusal(_ signature: [UInt8], over bytes: [UInt8]? = nil, at time: Date = Date()) async throws -> SignatureRefusal.Reason? {
        if case .failure(let refusal) = await try verifier().verify(signature: signature, over: bytes ?? payload, at: time) { return refusal.reason }
        return nil
    }

    @Test(arguments: [("trader-rsa", "sha256"), ("trader-rsa", "sha384"), ("trader-rsa", "sha512"),
                      ("trader-ec", "sha256"), ("trader-ec", "sha512"), ("trader-p384", "sha384")])
    func openSSLSignaturesAreAccepted(signer: String, digest: String) async throws {
        let signature = try pki.sign(payload, as: signer, digest: digest)
        let result = await try verifier().verify(signature: signature, over: payload, at: Date())
        let verified = try result.get()
        #expect(verified.signer == SignerIdentity(iin: "850615300456", bin: "050140001238", commonName: "Aigerim Nurlanovna"))
        let signingTime = try #require(verified.signingTime)
        #expect(abs(signingTime.timeIntervalSinceNow) < 120)
    }

    @Test func aChangedPayloadIsAMismatch() async throws {
        let signature = try pki.sign(payload, as: "trader-ec")
        var tampered = payload
        tampered[tampered.count / 2] ^= 1
        #expect(try await refusal(signature, over: tampered) == .payloadMismatch)
    }

    @Test func aSignatureByAnotherKeyIsBad() async throws {
        // OpenSSL refuses to sign with a key that does not match the certificate, so this forgery is
        // made with swift-certificates: the trader's certificate, the broker's key.
        let forger = PayloadSigner(certificate: try pki.certificate("trader-ec"),
                                   privateKey: try Certificate.PrivateKey(pemEncoded: String(contentsOfFile: pki.path("broker.key"), encoding: .utf8)))
        #expect(try await refusal(try forger.sign(payload)) == .badSignature)
        #expect(try await refusal([0x30, 0x03, 0x02, 0x01, 0x01]) == .badSignature)
    }

    @Test(arguments: [("expired", SignatureRefusal.Reason.expired), ("not-yet-valid", .notYetValid), ("untrusted", .untrustedChain),
                      ("revoked", .revoked), ("encipher-only", .keyUsage)])
    func refusedCertificates(signer: String, reason: SignatureRefusal.Reason) async throws {
        #expect(try await refusal(try pki.sign(payload, as: signer)) == reason)
    }

    @Test func reverifyingUsesTheTimeGiven() async throws {
        // The expired certificate was valid in 2020: a signature checked as of then passes the time checks
        // (the signing time, today, does not, so it is still refused — as expired, not as anything else).
        let signature = try pki.sign(payload, as: "expired")
        #expect(try await refusal(signature, at: Date(timeIntervalSince1970: 1_600_000_000)) == .badSignature)
        // A revoked certificate was fine before its revocation: verified as of a time before it, it passes.
        let revoked = try pki.sign(payload, as: "revoked")
        let list = try pki.revocationList()
        let revokedAt = try #require(list.revoked.values.first)
        let before = await try verifier().verify(signature: revoked, over: payload, at: revokedAt.addingTimeInterval(-1))
        #expect(throws: Never.self) { try before.get() }
    }

    @Test func identityFollowsTheNationalCAConvention() throws {
        #expect(SignatureVerifier.identity(of: try pki.certificate("no-iin")) == SignerIdentity(iin: nil, bin: "050140001238", commonName: "Nameless"))
        #expect(SignatureVerifier.identity(of: try pki.certificate("broker")).iin == "900715400785")
    }

    @Test func revocationListsAreReadAndChecked() throws {
        let list = try pki.revocationList()
        #expect(list.isSigned(by: try pki.certificate("root")))
        #expect(!list.isSigned(by: try pki.certificate("stranger")))
        #expect(list.revocationDate(of: try pki.certificate("revoked")) != nil)
        #expect(list.revocationDate(of: try pki.certificate("trader-ec")) == nil)
        let pem = try CertificateRevocationList(bytes: pki.bytes("root.crl.pem"))
        #expect(pem == list)
    }
}
