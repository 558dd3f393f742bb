import Foundation
import HTTPTypes
import HummingbirdTesting
import KeruenCore
import KeruenServer
import KeruenTestSupport
import NIOCore
import Testing

/// Signing in the portal: a declarant downloads the payload, signs it with OpenSSL and uploads the
/// file; an officer decides with the key the server holds for him.
@Suite struct PortalSigningTests {
    let pki = TestPKI.shared

    @Test func aDeclarantUploadsASignatureAndAnOfficerReleasesWithAServerHeldKey() async throws {
        try await withTestApp(signatures: true) { client, dependencies in
            try await client.setRandomSelection(share: 1)  // an officer, not the system, releases it
            try await pki.install(in: dependencies)
            let token = try await client.token("demo-declarant")
            let id = try #require(try await client.createDeclaration(DemoDeclarations.importFromChina(itemCount: 2), token: token).json["id"] as? String)

            var browser = PortalTests.Browser(client: client)
            browser.language = "ru"
            try await browser.signIn("demo-declarant")
            let detail = try await browser.get("/declarations/\(id)")
            #expect(detail.text.contains("/declarations/\(id)/sign"))
            let signPage = try await browser.get("/declarations/\(id)/sign")
            #expect(signPage.text.contains("Скачать данные для подписи (версия 1)"))
            let csrf = try #require(PortalTests.Browser.csrf(in: signPage.text))
            let payload = try await browser.get("/declarations/\(id)/signing-payload")
            #expect(payload.headers[.contentDisposition]?.contains("declaration-\(id)-v1.json") == true)

            // A revoked certificate: the page says so in Russian, and the draft stays a draft.
            let revoked = try pki.sign(Array(buffer: payload.body), as: "revoked")
            let refused = try await browser.upload("/declarations/\(id)/sign", fields: [("csrf", csrf), ("version", "1")], file: ("signature", revoked))
            #expect(refused.status == .ok)
            #expect(refused.text.contains("Сертификат отозван удостоверяющим центром."))
            #expect(refused.text.contains("signature-certificate-revoked"))

            // The same signature as base64 text works as well as DER.
            let good = Array(Data(try pki.sign(Array(buffer: payload.body), as: "trader-rsa")).base64EncodedString().utf8)
            let accepted = try await browser.upload("/declarations/\(id)/sign", fields: [("csrf", csrf), ("version", "1")], file: ("signature", good))
            #expect(accepted.status == .seeOther || accepted.status == .found, "\(accepted.text.prefix(500))")
            #expect(accepted.headers[.location] == "/declarations/\(id)?done=registered")
            let registered = try await browser.get("/declarations/\(id)")
            #expect(registered.text.contains("IIN 850615300456"))

            var officer = PortalTests.Browser(client: client)
            officer.language = "kk"
            try await officer.signIn("demo-officer")
            let officerView = try await officer.get("/declarations/\(id)")
            #expect(officerView.text.contains(#"value="release""#))
            let officerCSRF = try #require(PortalTests.Browser.csrf(in: officerView.text))
            let version = try #require(try await client.call(.get, "/api/v1/declarations/\(id)", token: token).json["version"] as? Int)
            let release = [("csrf", officerCSRF), ("version", "\(version)"), ("decision", "release"), ("reasons", "Documents checked")]
            let unpaid = try await officer.post("/declarations/\(id)/decide", form: release)
            #expect(unpaid.headers[.location] == "/declarations/\(id)?done=invoice-unpaid")
            #expect(try await officer.get("/declarations/\(id)?done=invoice-unpaid").text.contains("Тауарлар шот төленген немесе кепілдікпен қамтамасыз етілген соң ғана шығарылады"))
            try await client.payByBankTransfer(declaration: id)
            let decided = try await officer.post("/declarations/\(id)/decide", form: release)
            #expect(decided.headers[.location] == "/declarations/\(id)?done=decided")
            let signatures = try await client.call(.get, "/api/v1/declarations/\(id)/signatures", token: token).array
            #expect(signatures.map { $0["purpose"] as? String } == ["submit", "release"])
            #expect(signatures.last?["serverHeldKey"] as? Bool == true)
            #expect(signatures.last?["signerIIN"] as? String == "780302300121")
            let number = try #require(registered.text.firstMatch(of: /55201010\/\d{6}\/\d{7}/).map { String($0.output) })
            let audit = try #require(try await SignatureAudit(dependencies: dependencies).verify(registrationNumber: number))
            #expect(audit.count == 2 && audit.allSatisfy(\.valid))
        }
    }
}
