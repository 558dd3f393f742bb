import Foundation
import HTTPTypes
import HummingbirdTesting
import KeruenCore
import KeruenServer
import KeruenTestSupport
import NIOCore
import Testing

/// Payments in the portal: the invoice explained on the declaration's page, paying it from the
/// advance account, the account's movements and the printable receipt — here in Kazakh.
@Suite struct PortalPaymentTests {
    @Test func aDeclarantSeesTheInvoicePaysItAndPrintsTheReceipt() async throws {
        try await withTestApp { client, _ in
            let token = try await client.token("demo-declarant")
            let id = try #require(try await client.createDeclaration(DemoDeclarations.importFromChina(itemCount: 2), token: token).json["id"] as? String)
            _ = try await client.call(.post, "/api/v1/declarations/\(id)/submit", token: token)
            let reference = try #require(try await client.call(.get, "/api/v1/declarations/\(id)/invoice", token: token).json["reference"] as? String)

            var browser = PortalTests.Browser(client: client)
            browser.language = "kk"
            try await browser.signIn("demo-declarant")
            let detail = try await browser.get("/declarations/\(id)")
            #expect(detail.text.contains(reference))
            #expect(detail.text.contains("әкелу кедендік баж"))  // 2010 named in Kazakh
            #expect(detail.text.contains("аралас мөлшерлеме: құннан пайыз үлкен болды"))  // why the footwear's duty is what it is
            #expect(detail.text.contains("12520558.62"))
            let csrf = try #require(PortalTests.Browser.csrf(in: detail.text))

            let refused = try await browser.post("/declarations/\(id)/pay", form: [("csrf", csrf)])
            #expect(refused.headers[.location] == "/declarations/\(id)?done=insufficient-funds")
            #expect(try await browser.get("/declarations/\(id)?done=insufficient-funds").text.contains("Аванстық шотта бұл шотты төлеуге қаражат жеткіліксіз."))

            _ = try await client.call(.post, "/api/v1/accounts/\(DemoData.traderBIN)/credits", token: try await client.token("demo-admin"),
                                      json: #"{"amount":"15000000.00","bankReference":"PP-7781"}"#)
            let paid = try await browser.post("/declarations/\(id)/pay", form: [("csrf", csrf)])
            #expect(paid.headers[.location] == "/declarations/\(id)?done=paid")
            let after = try await browser.get("/declarations/\(id)?done=paid")
            let number = try #require(after.text.firstMatch(of: /R\d+-1/).map { String($0.output) })
            let receipt = try await browser.get("/declarations/\(id)/receipts/\(number)")
            #expect(receipt.status == .ok)
            #expect(receipt.text.contains("Кедендік түбіртек \(number)") && receipt.text.contains("12520558.62") && receipt.text.contains("аванстық шот"))

            let account = try await browser.get("/account")
            #expect(account.text.contains("2479441.38"))  // 15,000,000.00 − 12,520,558.62
            #expect(account.text.contains("PP-7781") && account.text.contains(reference))
        }
    }
}
