import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KeruenCore
import KeruenServer
import KeruenStore
import KeruenTestSupport
import NIOCore
import Testing

/// Signed submissions and decisions through the API, with OpenSSL-made signatures under the test PKI.
@Suite struct SignatureAPITests {
    let pki = TestPKI.shared

    /// A signed-by-default application that trusts the test root and its revocation list.
    func withSignedApp<T: Sendable>(_ body: @Sendable (any TestClientProtocol, AppDependencies) async throws -> T) async throws -> T {
        try await withTestApp(signatures: true) { client, dependencies in
            try await pki.install(in: dependencies)
            return try await body(client, dependencies)
        }
    }

    func draft(_ client: some TestClientProtocol, token: String, content: DeclarationContent = DemoDeclarations.importFromChina(itemCount: 3)) async throws -> String {
        let created = try await client.createDeclaration(content, token: token)
        return try #require(created.json["id"] as? String)
    }

    @Test func theSigningPayloadIsCanonicalJSONOfTheCurrentVersion() async throws {
        try await withSignedApp { client, dependencies in
            let token = try await client.token("demo-declarant")
            let id = try await draft(client, token: token)
            let payload = try await client.call(.get, "/api/v1/declarations/\(id)/signing-payload", token: token)
            #expect(payload.status == .ok)
            #expect(payload.headers[.eTag] == "\"1\"")
            let declaration = try await DeclarationTestReader(dependencies).declaration(id)
            #expect(Array(buffer: payload.body) == (try SigningPayload(declaration).bytes))
            let text = payload.text
            #expect(text.hasPrefix(#"{"content":{"#) && text.contains(#""declarationId":"\#(id)""#) && text.contains(#""version":1"#))
            #expect(!text.contains(" ") || text.contains("Altyn Trade"))  // no whitespace but inside strings
        }
    }

    @Test func aContentStoredBeforeContentsWereCanonicalIsSignedInItsCanonicalForm() async throws {
        try await withSignedApp { client, dependencies in
            let token = try await client.token("demo-declarant")
            var content = DemoDeclarations.importFromChina(itemCount: 2)
            content.consignor?.address = "No. 8/2 Jiefang Road, Urumqi"
            let id = try await draft(client, token: token, content: content)
            // As migration 4 left older rows: Foundation's sorted-key JSON (slashes escaped), marked so.
            let sortedKeys = JSONEncoder()
            sortedKeys.outputFormatting = [.sortedKeys]
            let old = String(decoding: try sortedKeys.encode(content), as: UTF8.self)
            #expect(old.contains(#"8\/2"#))
            try await dependencies.store.write { session in
                try await session.sql.raw("""
                    UPDATE declaration_contents SET content = \(bind: old), content_format = 'sorted-json' WHERE declaration_id = \(bind: id)
                    """).run()
            }
            let payload = try await client.call(.get, "/api/v1/declarations/\(id)/signing-payload", token: token)
            #expect(payload.text.contains("8/2 Jiefang"))
            #expect(Array(buffer: payload.body) == (try SigningPayload(declarationID: id, version: 1, content: content).bytes))
            let submitted = try await client.signAndSubmit(id, token: token, signer: "trader-ec")
            #expect(submitted.json["status"] as? String == "registered", "\(submitted.text)")
        }
    }

    @Test func rsaAndECDSASignaturesMadeByOpenSSLRegisterAndAreKept() async throws {
        try await withSignedApp { client, _ in
            let token = try await client.token("demo-declarant")
            for signer in ["trader-rsa", "trader-ec", "trader-p384"] {
                let id = try await draft(client, token: token)
                let submitted = try await client.signAndSubmit(id, token: token, signer: signer)
                #expect(submitted.status == .ok, "\(signer): \(submitted.text)")
                #expect(submitted.json["status"] as? String == "registered")
                let signatures = try await client.call(.get, "/api/v1/declarations/\(id)/signatures", token: token).array
                #expect(signatures.count == 1)
                #expect(signatures.first?["signerIIN"] as? String == "850615300456")
                #expect(signatures.first?["signerBIN"] as? String == DemoData.traderBIN)
                #expect(signatures.first?["purpose"] as? String == "submit")
                #expect((signatures.first?["certificate"] as? String)?.hasPrefix("-----BEGIN CERTIFICATE-----") == true)
            }
        }
    }

    @Test func refusedSignaturesLeaveTheDraftAndSayWhy() async throws {
        try await withSignedApp { client, _ in
            let token = try await client.token("demo-declarant")
            let id = try await draft(client, token: token)
            let cases: [(String, String)] = [
                ("untrusted", "signature-untrusted-chain"), ("expired", "signature-certificate-expired"),
                ("not-yet-valid", "signature-certificate-not-yet-valid"), ("revoked", "signature-certificate-revoked"),
                ("no-iin", "signature-signer-unidentified"), ("other", "signature-not-authorised"), ("encipher-only", "signature-key-usage"),
            ]
            for (signer, code) in cases {
                let refused = try await client.signAndSubmit(id, token: token, signer: signer)
                #expect(refused.status == .unprocessableContent, "\(signer)")
                #expect(refused.json["code"] as? String == code, "\(signer): \(refused.text)")
                #expect(refused.errorPointers == ["/signature"])
                #expect((refused.json["detail"] as? String)?.isEmpty == false)
            }
            let missing = try await client.call(.post, "/api/v1/declarations/\(id)/submit", token: token)
            #expect(missing.json["code"] as? String == "signature-required")
            let garbage = try await client.call(.post, "/api/v1/declarations/\(id)/submit", token: token, json: #"{"signature":"MAMCAQE="}"#)
            #expect(garbage.json["code"] as? String == "signature-invalid")
            let notBase64 = try await client.call(.post, "/api/v1/declarations/\(id)/submit", token: token, json: #"{"signature":"***"}"#)
            #expect(notBase64.json["code"] as? String == "validation-failed")
            #expect(notBase64.errorPointers == ["/signature"])
            let after = try await client.call(.get, "/api/v1/declarations/\(id)", token: token)
            #expect(after.json["status"] as? String == "draft")
            #expect(after.json["version"] as? Int == 1)
            #expect(try await client.call(.get, "/api/v1/declarations/\(id)/signatures", token: token).array.isEmpty)
        }
    }

    @Test func aSignatureOfAnEarlierVersionIsAPayloadMismatch() async throws {
        try await withSignedApp { client, _ in
            let token = try await client.token("demo-declarant")
            let id = try await draft(client, token: token)
            let payload = try await client.call(.get, "/api/v1/declarations/\(id)/signing-payload", token: token)
            let signature = try pki.sign(Array(buffer: payload.body), as: "trader-ec")
            var changed = DemoDeclarations.importFromChina(itemCount: 3)
            changed.items[0].description = "Changed after signing"
            let updated = try await client.call(.put, "/api/v1/declarations/\(id)", token: token, headers: [.ifMatch: "\"1\""],
                                                body: ByteBuffer(data: try APIPayload.declarationJSON(changed)))
            #expect(updated.status == .ok)
            let refused = try await client.submit(id, token: token, signature: signature)
            #expect(refused.json["code"] as? String == "signature-payload-mismatch")
        }
    }

    @Test func aBrokerSignsForTheDeclarantsItRepresentsOnly() async throws {
        try await withSignedApp { client, _ in
            let token = try await client.token("demo-broker")
            let represented = try await draft(client, token: token, content: DemoDeclarations.importFromChina(
                declarantBIN: DemoData.representedBIN, declarantName: "Dala Foods JSC", itemCount: 2))
            let accepted = try await client.signAndSubmit(represented, token: token, signer: "broker")
            #expect(accepted.json["status"] as? String == "registered", "\(accepted.text)")

            // The trader's own employee signing a draft the broker filed for Dala Foods: not the declarant, not the broker.
            let other = try await draft(client, token: token, content: DemoDeclarations.importFromChina(
                declarantBIN: DemoData.representedBIN, declarantName: "Dala Foods JSC", itemCount: 2))
            let refused = try await client.signAndSubmit(other, token: token, signer: "trader-ec")
            #expect(refused.json["code"] as? String == "signature-not-authorised")
        }
    }

    @Test func refusalsAreInTheReadersLanguage() async throws {
        try await withSignedApp { client, _ in
            let token = try await client.token("demo-declarant")
            let id = try await draft(client, token: token)
            let payload = try await client.call(.get, "/api/v1/declarations/\(id)/signing-payload", token: token)
            let signature = try pki.sign(Array(buffer: payload.body), as: "revoked")
            let refused = try await client.call(.post, "/api/v1/declarations/\(id)/submit", token: token, headers: [.acceptLanguage: "ru"],
                                                json: #"{"signature":"\#(Data(signature).base64EncodedString())"}"#)
            #expect(refused.json["title"] as? String == "Сертификат отозван удостоверяющим центром.")
            let message = (refused.json["errors"] as? [[String: Any]])?.first?["message"] as? String
            #expect(message == "Сертификат отозван удостоверяющим центром.")
        }
    }

    @Test func anOfficeMayAcceptUnsignedSubmissions() async throws {
        try await withSignedApp { client, _ in
            let admin = try await client.token("demo-admin")
            let policy = try await client.call(.put, "/api/v1/admin/offices/55201010/signature-policy", token: admin, json: #"{"signatureRequired":false}"#)
            #expect(policy.status == .ok)
            let unknown = try await client.call(.put, "/api/v1/admin/offices/99999999/signature-policy", token: admin, json: #"{"signatureRequired":false}"#)
            #expect(unknown.errorCodes["/code"] == "unknown-office")
            let token = try await client.token("demo-declarant")
            let id = try await draft(client, token: token)
            let submitted = try await client.call(.post, "/api/v1/declarations/\(id)/submit", token: token)
            #expect(submitted.json["status"] as? String == "registered")
        }
    }

    @Test func administratorsManageAnchorsAndRevocationLists() async throws {
        try await withTestApp(signatures: true) { client, _ in
            let admin = try await client.token("demo-admin")
            func upload(_ path: String, _ data: String) async throws -> APIResponse {
                let body = try JSONSerialization.data(withJSONObject: ["data": data])
                return try await client.call(.post, path, token: admin, body: ByteBuffer(data: body))
            }
            let notCA = try await upload("/api/v1/admin/trust-anchors", try pki.pem("trader-ec"))
            #expect(notCA.errorCodes["/data"] == "not-certificate-authority")
            let garbage = try await upload("/api/v1/admin/trust-anchors", "not a certificate")
            #expect(garbage.errorCodes["/data"] == "invalid-format")
            let added = try await upload("/api/v1/admin/trust-anchors", try pki.pem("root"))
            #expect(added.status == .created)
            let fingerprint = try #require(added.json["fingerprint"] as? String)
            let forged = try await upload("/api/v1/admin/revocation-lists", Data(try pki.bytes("root.crl")).base64EncodedString())
            #expect(forged.status == .created)
            #expect(forged.json["revokedCount"] as? Int == 1)
            let anchors = try await client.call(.get, "/api/v1/admin/trust-anchors", token: admin).array
            #expect(anchors.contains { $0["fingerprint"] as? String == fingerprint })
            let declarant = try await client.token("demo-declarant")
            #expect(try await client.call(.get, "/api/v1/admin/trust-anchors", token: declarant).status == .forbidden)

            let token = try await client.token("demo-declarant")
            let id = try await draft(client, token: token)
            #expect(try await client.signAndSubmit(id, token: token, signer: "revoked").json["code"] as? String == "signature-certificate-revoked")
            #expect(try await client.call(.delete, "/api/v1/admin/trust-anchors/\(fingerprint)", token: admin).status == .noContent)
            #expect(try await client.signAndSubmit(id, token: token, signer: "trader-ec").json["code"] as? String == "signature-untrusted-chain")
        }
    }

    @Test func officersSignTheirDecisions() async throws {
        try await withSignedApp { client, _ in
            try await client.setRandomSelection(share: 1)  // an officer, not the system, releases it
            let token = try await client.token("demo-declarant")
            let id = try await draft(client, token: token)
            let registered = try await client.signAndSubmit(id, token: token, signer: "trader-ec")
            #expect(registered.json["status"] as? String == "registered")
            let officer = try await client.token("demo-officer")
            let request = #"{"decision":"release","reasons":["Documents checked"]}"#
            let payload = try await client.call(.post, "/api/v1/declarations/\(id)/decision-payload", token: officer, json: request)
            #expect(payload.status == .ok)
            let unsigned = try await client.call(.post, "/api/v1/declarations/\(id)/decisions", token: officer, json: request)
            #expect(unsigned.json["code"] as? String == "signature-required")
            let byDeclarant = try pki.sign(Array(buffer: payload.body), as: "trader-ec")
            let wrongPerson = try await client.call(.post, "/api/v1/declarations/\(id)/decisions", token: officer,
                json: #"{"decision":"release","reasons":["Documents checked"],"signature":"\#(Data(byDeclarant).base64EncodedString())"}"#)
            #expect(wrongPerson.json["code"] as? String == "signature-not-authorised")
            #expect(try await client.call(.post, "/api/v1/declarations/\(id)/decisions", token: token, json: request).status == .forbidden)

            let signature = try pki.sign(Array(buffer: payload.body), as: "officer")
            let signedRelease = #"{"decision":"release","reasons":["Documents checked"],"signature":"\#(Data(signature).base64EncodedString())"}"#
            // Goods are released only against a paid or secured invoice.
            let unpaid = try await client.call(.post, "/api/v1/declarations/\(id)/decisions", token: officer, json: signedRelease)
            #expect(unpaid.status == .conflict && unpaid.json["code"] as? String == "invoice-unpaid", "\(unpaid.text)")
            try await client.payByBankTransfer(declaration: id)
            let released = try await client.call(.post, "/api/v1/declarations/\(id)/decisions", token: officer, json: signedRelease)
            #expect(released.status == .ok, "\(released.text)")
            #expect(released.json["status"] as? String == "released")
            let signatures = try await client.call(.get, "/api/v1/declarations/\(id)/signatures", token: officer).array
            #expect(signatures.compactMap { $0["purpose"] as? String } == ["submit", "release"])
            #expect(signatures.last?["signerIIN"] as? String == "780302300121")
        }
    }

    @Test func aRefusalNeedsReasons() async throws {
        try await withSignedApp { client, _ in
            let token = try await client.token("demo-declarant")
            let id = try await draft(client, token: token)
            _ = try await client.signAndSubmit(id, token: token, signer: "trader-ec")
            let officer = try await client.token("demo-officer")
            let refused = try await client.call(.post, "/api/v1/declarations/\(id)/decisions", token: officer, json: #"{"decision":"refuse-release","reasons":[" "]}"#)
            #expect(refused.errorCodes["/reasons"] == "required")
        }
    }

    @Test func storedSignaturesAreVerifiedAgainAsOfRegistration() async throws {
        try await withSignedApp { client, dependencies in
            let token = try await client.token("demo-declarant")
            let id = try await draft(client, token: token)
            let registered = try await client.signAndSubmit(id, token: token, signer: "trader-rsa")
            let number = try #require(registered.json["registrationNumber"] as? String)
            let audit = SignatureAudit(dependencies: dependencies)
            let results = try #require(try await audit.verify(registrationNumber: number))
            #expect(results.count == 1 && results.allSatisfy(\.valid))
            #expect(try await audit.verify(registrationNumber: "55201010/010101/0000001") == nil)

            // Someone changes the stored content behind Keruen's back: the signature no longer fits.
            try await dependencies.store.write { session in
                try await session.sql.raw("UPDATE declaration_contents SET content = REPLACE(content, 'Altyn Trade', 'Altyn Trabe') WHERE declaration_id = \(bind: id)").run()
            }
            let tampered = try #require(try await audit.verify(registrationNumber: number))
            #expect(tampered.first?.refusal?.reason == .payloadMismatch)
        }
    }
}

/// Reads a declaration as stored.
struct DeclarationTestReader {
    let dependencies: AppDependencies
    init(_ dependencies: AppDependencies) { self.dependencies = dependencies }
    func declaration(_ id: String) async throws -> Declaration {
        try #require(try await dependencies.store.read { try await $0.declarations.find(id: id) }).declaration
    }
}
