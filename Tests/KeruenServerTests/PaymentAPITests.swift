import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KeruenCore
import KeruenServer
import KeruenTestSupport
import NIOCore
import Testing

/// Payments through the API, under the demo data set's illustrative tariff and rates (USD 525.11 and
/// EUR 545.34 of 2 January 2025, the last published before any day of these tests).
@Suite struct PaymentAPITests {
    func register(_ content: DeclarationContent, _ client: some TestClientProtocol, token: String) async throws -> (id: String, submitted: APIResponse) {
        let created = try await client.createDeclaration(content, token: token)
        let id = try #require(created.json["id"] as? String)
        return (id, try await client.call(.post, "/api/v1/declarations/\(id)/submit", token: token))
    }

    /// Figures computed apart (Python's decimal, ROUND_HALF_UP): laptops 96,000 USD at 0 % duty; leather
    /// footwear 30,600 USD, 1,200 pairs, whose 10 % (1,606,836.60) beats 1.5 EUR a pair (981,612.00).
    @Test func aRegisteredImportHasOneInvoiceWithEveryLineExplained() async throws {
        try await withTestApp { client, _ in
            let token = try await client.token("demo-declarant")
            let (id, submitted) = try await register(DemoDeclarations.importFromChina(itemCount: 2), client, token: token)
            #expect(submitted.json["status"] as? String == "registered", "\(submitted.text)")
            let invoice = try await client.call(.get, "/api/v1/declarations/\(id)/invoice", token: token)
            #expect(invoice.status == .ok)
            #expect(invoice.json["customsValue"] as? String == "66478926.00")
            #expect(invoice.json["total"] as? String == "12520558.62")
            #expect(invoice.json["due"] as? String == "12520558.62")
            #expect(invoice.json["status"] as? String == "unpaid")
            let number = try #require(submitted.json["registrationNumber"] as? String)
            #expect(invoice.json["reference"] as? String == "KRN" + number.filter(\.isNumber))
            let lines = try #require(invoice.json["lines"] as? [[String: Any]])
            #expect(lines.map { "\($0["code"]!) \($0["item"] ?? "-") \($0["amount"]!)" } == [
                "1010 - 20000.00", "2010 1 0.00", "5010 1 8065689.60", "2010 2 1606836.60", "5010 2 2828032.42",
            ])
            #expect(lines[3]["rule"] as? String == "combined-greater-ad-valorem")
            #expect(lines[3]["record"] as? String == "D-6403")
            #expect(lines[4]["base"] as? String == "17675202.60")
            // Another company's declarant does not see it.
            let stranger = try await client.call(.get, "/api/v1/declarations/\(id)/invoice", token: try await client.token("demo-broker"))
            #expect(stranger.status == .notFound)
        }
    }

    /// Transport of 1,000 USD spread by invoice value (96,000 and 30,600 of 126,600), sent through the API.
    @Test func declaredTransportCostsAreAddedToTheCustomsValue() async throws {
        try await withTestApp { client, _ in
            let token = try await client.token("demo-declarant")
            var content = DemoDeclarations.importFromChina(itemCount: 2)
            content.additions = ValuationAdditions(transport: 1000, currency: "USD", basis: .invoiceValue)
            let (id, submitted) = try await register(content, client, token: token)
            #expect(submitted.json["status"] as? String == "registered", "\(submitted.text)")
            #expect((submitted.json["content"] as? [String: Any])?["additions"] as? [String: String] == ["transport": "1000", "currency": "USD", "basis": "invoice-value"])
            let invoice = try await client.call(.get, "/api/v1/declarations/\(id)/invoice", token: token)
            #expect(invoice.json["customsValue"] as? String == "67004036.00")
            let lines = try #require(invoice.json["lines"] as? [[String: Any]])
            #expect(lines.compactMap { $0["item"] == nil ? nil : $0["base"] as? String }.prefix(1) == ["50808747.68"])

            var refused = content
            refused.additions = ValuationAdditions(transport: 1000, currency: "XYZ")
            let draft = try await client.createDeclaration(refused, token: token)
            let check = try await client.call(.post, "/api/v1/declarations/\(try #require(draft.json["id"] as? String))/validate", token: token)
            #expect((check.json["problems"] as? [[String: Any]])?.map { $0["pointer"] as? String } == ["/additions/currency"])
        }
    }

    @Test func aCommodityWithoutATariffRecordStopsRegistrationNamingTheField() async throws {
        try await withTestApp { client, _ in
            let token = try await client.token("demo-declarant")
            var content = DemoDeclarations.importFromChina(itemCount: 2)
            content.items[1].commodityCode = "0101210000"  // pure-bred horses: a valid code the illustrative tariff does not cover
            // Validation says so before submission, as it will at submission.
            let draft = try #require(try await client.createDeclaration(content, token: token).json["id"] as? String)
            let validation = try await client.call(.post, "/api/v1/declarations/\(draft)/validate", token: token)
            #expect((validation.json["problems"] as? [[String: Any]])?.map { $0["code"] as? String } == ["no-tariff-record"])
            let (id, submitted) = try await register(content, client, token: token)
            #expect(submitted.json["status"] as? String == "rejected")
            let problems = try #require(submitted.json["rejectionReasons"] as? [[String: Any]])
            #expect(problems.map { $0["pointer"] as? String } == ["/items/1/commodityCode"])  // VAT's standard record covers every code
            #expect(problems.first?["code"] as? String == "no-tariff-record")
            // demo-declarant reads Kazakh: the kind of record is named in Kazakh too.
            #expect((problems.first?["message"] as? String)?.contains("әкелу кедендік баж") == true, "\(problems)")
            #expect(try await client.call(.get, "/api/v1/declarations/\(id)/invoice", token: token).status == .notFound)
        }
    }

    @Test func administratorsImportRatesAndTariffAndABadFileChangesNothing() async throws {
        try await withTestApp { client, _ in
            let admin = try await client.token("demo-admin")
            let xml = ["Content-Type": "application/xml"]
            func post(_ path: String, _ body: String, type: String, token: String) async throws -> APIResponse {
                try await client.call(.post, path, token: token, headers: [.contentType: type], body: ByteBuffer(string: body))
            }
            let before = try await client.call(.get, "/api/v1/admin/exchange-rates", token: admin).array.count
            let bad = try await post("/api/v1/admin/exchange-rates", """
                <rates><date>27.11.2026</date>
                <item><title>USD</title><description>481.5</description><quant>1</quant></item>
                <item><title>USD</title><description>482.0</description><quant>1</quant></item></rates>
                """, type: xml["Content-Type"]!, token: admin)
            #expect(bad.status == .unprocessableContent)
            #expect((bad.json["errors"] as? [[String: Any]])?.first?["pointer"] as? String == "/lines/3")
            #expect(try await client.call(.get, "/api/v1/admin/exchange-rates", token: admin).array.count == before)

            let good = try await post("/api/v1/admin/exchange-rates", """
                <rates><date>27.11.2026</date><item><title>USD</title><description>481.5</description><quant>1</quant></item></rates>
                """, type: "application/xml", token: admin)
            #expect(good.status == .created)
            #expect(try await client.call(.get, "/api/v1/admin/exchange-rates", token: admin).array.count == before + 1)

            let header = TariffRecord.fieldNames.joined(separator: ",")
            let refused = try await post("/api/v1/admin/tariff", header + "\nD-0101,duty,0101,2026-01-01,,,ad-valorem,abc,,,,,,,\n",
                                         type: "text/csv", token: admin)
            #expect(refused.status == .unprocessableContent)
            #expect((refused.json["errors"] as? [[String: Any]])?.first?["pointer"] as? String == "/lines/2")
            let stored = try await post("/api/v1/admin/tariff", header + "\nD-0101,duty,0101,2026-01-01,,,ad-valorem,5,,,,,,,horses\n",
                                        type: "text/csv", token: admin)
            #expect(stored.status == .created)
            #expect(stored.array.first?["payment_code"] as? String == "2010")

            // The new rate and record apply at once: horses now register, at 481.5 tenge a dollar.
            let token = try await client.token("demo-declarant")
            var content = DemoDeclarations.importFromChina(itemCount: 1)
            content.items[0].commodityCode = "0101210000"
            content.items[0].supplementaryQuantity = nil
            content.items[0].supplementaryUnit = nil
            let (id, submitted) = try await register(content, client, token: token)
            #expect(submitted.json["status"] as? String == "registered", "\(submitted.text)")
            let invoice = try await client.call(.get, "/api/v1/declarations/\(id)/invoice", token: token)
            #expect(invoice.json["customsValue"] as? String == "46224000.00")  // 96,000 × 481.5

            let declarant = try await post("/api/v1/admin/tariff", header + "\n", type: "text/csv", token: token)
            #expect(declarant.status == .forbidden)

            // One record edited and removed by an administrator, with a file line's checks.
            let edited = try await client.call(.put, "/api/v1/admin/tariff/D-0101", token: admin, json: """
                {"id":"D-0101","kind":"duty","code":"0101","valid_from":"2026-01-01","rate":"ad-valorem","percent":"7","payment_code":"2010"}
                """)
            #expect(edited.status == .ok && edited.json["percent"] as? String == "7", "\(edited.text)")
            let badEdit = try await client.call(.put, "/api/v1/admin/tariff/D-0101", token: admin, json: """
                {"id":"D-0101","kind":"duty","code":"010","valid_from":"2026-01-01","rate":"ad-valorem","percent":"7","payment_code":"2010"}
                """)
            #expect(badEdit.status == .unprocessableContent)
            #expect(try await client.call(.delete, "/api/v1/admin/tariff/D-0101", token: admin).status == .noContent)
            #expect(try await client.call(.delete, "/api/v1/admin/tariff/D-0101", token: admin).status == .notFound)
        }
    }

    /// The advance account never goes below zero; a bank transfer quoting the invoice pays it once it
    /// covers what is due, and every movement and the receipt are kept.
    @Test func anInvoiceIsPaidOnceFromTheAdvanceAccountWithAReceipt() async throws {
        try await withTestApp { client, _ in
            let token = try await client.token("demo-declarant"), admin = try await client.token("demo-admin")
            let (id, submitted) = try await register(DemoDeclarations.importFromChina(itemCount: 2), client, token: token)
            #expect(submitted.json["status"] as? String == "registered")
            let reference = try #require(try await client.call(.get, "/api/v1/declarations/\(id)/invoice", token: token).json["reference"] as? String)
            let bin = DemoData.traderBIN

            let broke = try await client.call(.post, "/api/v1/declarations/\(id)/invoice/payment", token: token)
            #expect(broke.status == .unprocessableContent)
            #expect(broke.json["code"] as? String == "insufficient-funds")
            let credited = try await client.call(.post, "/api/v1/accounts/\(bin)/credits", token: admin,
                                                 json: #"{"amount":"10000000.00","bankReference":"PP-0001"}"#)
            #expect(credited.status == .created)
            #expect(credited.json["balanceAfter"] as? String == "10000000.00")
            #expect(try await client.call(.post, "/api/v1/declarations/\(id)/invoice/payment", token: token).status == .unprocessableContent)

            let transfer = try await client.call(.post, "/api/v1/bank-transfers", token: admin,
                                                 json: #"{"invoiceReference":"\#(reference)","amount":"3000000.00","bankReference":"PP-0002"}"#)
            #expect(transfer.json["invoicePaid"] as? Bool == true, "\(transfer.text)")
            let receipt = try #require(transfer.json["receipt"] as? [String: Any])
            #expect(receipt["amount"] as? String == "12520558.62" && receipt["method"] as? String == "bank-transfer")

            let invoice = try await client.call(.get, "/api/v1/declarations/\(id)/invoice", token: token)
            #expect(invoice.json["status"] as? String == "paid" && invoice.json["due"] as? String == "0.00")
            let again = try await client.call(.post, "/api/v1/declarations/\(id)/invoice/payment", token: token)
            #expect(again.status == .conflict && again.json["code"] as? String == "invoice-paid")

            let account = try await client.call(.get, "/api/v1/accounts/\(bin)", token: token)
            #expect(account.json["balance"] as? String == "479441.38")
            let movements = try #require(account.json["movements"] as? [[String: Any]])
            #expect(movements.map { "\($0["kind"]!) \($0["amount"]!) \($0["balanceAfter"]!)" } == [
                "debit 12520558.62 479441.38", "credit 3000000.00 13000000.00", "credit 10000000.00 10000000.00",
            ])
            #expect(try await client.call(.get, "/api/v1/declarations/\(id)/receipts", token: token).array.count == 1)
            // Another company's people do not see the account; only administrators record money received.
            #expect(try await client.call(.get, "/api/v1/accounts/\(bin)", token: try await client.token("demo-broker")).status == .notFound)
            #expect(try await client.call(.post, "/api/v1/accounts/\(bin)/credits", token: token,
                                          json: #"{"amount":"1.00","bankReference":"x"}"#).status == .forbidden)
        }
    }

    @Test func aSecondInvoicePaysFromTheBalanceLeft() async throws {
        try await withTestApp { client, _ in
            let token = try await client.token("demo-declarant"), admin = try await client.token("demo-admin")
            _ = try await client.call(.post, "/api/v1/accounts/\(DemoData.traderBIN)/credits", token: admin,
                                      json: #"{"amount":"20000000.00","bankReference":"PP-0003"}"#)
            let (id, _) = try await register(DemoDeclarations.importFromChina(itemCount: 2), client, token: token)
            let paid = try await client.call(.post, "/api/v1/declarations/\(id)/invoice/payment", token: token)
            #expect(paid.status == .created, "\(paid.text)")
            #expect(paid.json["method"] as? String == "advance-account")
            #expect((paid.json["number"] as? String)?.hasPrefix("R") == true)
            let account = try await client.call(.get, "/api/v1/accounts/\(DemoData.traderBIN)", token: token)
            #expect(account.json["balance"] as? String == "7479441.38")
        }
    }

    /// A general guarantee secures an invoice (release may go ahead), cannot secure more than it has
    /// left, and is freed when the invoice is paid; a single guarantee covers only its declaration.
    @Test func guaranteesSecureInvoicesUpToTheirAmountAndAreReleasedOnPayment() async throws {
        try await withTestApp { client, _ in
            try await client.setRandomSelection(share: 0)  // green: released by the system once secured
            let token = try await client.token("demo-declarant"), admin = try await client.token("demo-admin")
            let bin = DemoData.traderBIN
            let general = try await client.call(.post, "/api/v1/admin/guarantees", token: admin, json: """
                {"companyBIN":"\(bin)","kind":"general","number":"HB-2026-0042","amount":"15000000.00","validFrom":"2026-01-01","validTo":"2027-12-31"}
                """)
            #expect(general.status == .created, "\(general.text)")
            let guaranteeID = try #require(general.json["id"] as? String)
            let (first, _) = try await register(DemoDeclarations.importFromChina(itemCount: 2), client, token: token)
            let (second, _) = try await register(DemoDeclarations.importFromChina(itemCount: 2), client, token: token)

            let secured = try await client.call(.post, "/api/v1/declarations/\(first)/invoice/security", token: token, json: #"{"guaranteeId":"\#(guaranteeID)"}"#)
            #expect(secured.json["status"] as? String == "secured", "\(secured.text)")
            #expect(secured.json["mayRelease"] as? Bool == true && secured.json["secured"] as? String == "12520558.62")
            // Secured is enough: the green declaration is released at once, by the system.
            let released = try await client.call(.get, "/api/v1/declarations/\(first)/history", token: token).array.last
            #expect(released?["status"] as? String == "released" && released?["actor"] as? String == "keruen")
            let exhausted = try await client.call(.post, "/api/v1/declarations/\(second)/invoice/security", token: token, json: #"{"guaranteeId":"\#(guaranteeID)"}"#)
            #expect(exhausted.json["code"] as? String == "guarantee-exhausted")
            var account = try await client.call(.get, "/api/v1/accounts/\(bin)", token: token)
            #expect((account.json["guarantees"] as? [[String: Any]])?.first?["available"] as? String == "2479441.38")

            _ = try await client.call(.post, "/api/v1/accounts/\(bin)/credits", token: admin, json: #"{"amount":"12520558.62","bankReference":"PP-9"}"#)
            #expect(try await client.call(.post, "/api/v1/declarations/\(first)/invoice/payment", token: token).status == .created)
            let paid = try await client.call(.get, "/api/v1/declarations/\(first)/invoice", token: token)
            #expect(paid.json["status"] as? String == "paid" && paid.json["secured"] as? String == "0.00")
            account = try await client.call(.get, "/api/v1/accounts/\(bin)", token: token)
            #expect((account.json["guarantees"] as? [[String: Any]])?.first?["available"] as? String == "15000000.00")

            let single = try await client.call(.post, "/api/v1/admin/guarantees", token: admin, json: """
                {"companyBIN":"\(bin)","kind":"single","number":"HB-1","amount":"20000000.00","validFrom":"2026-01-01","validTo":"2027-12-31","declarationId":"\(first)"}
                """)
            let singleID = try #require(single.json["id"] as? String)
            let elsewhere = try await client.call(.post, "/api/v1/declarations/\(second)/invoice/security", token: token, json: #"{"guaranteeId":"\#(singleID)"}"#)
            #expect((elsewhere.json["errors"] as? [[String: Any]])?.first?["pointer"] as? String == "/guaranteeId")
            let unpaid = try await client.call(.get, "/api/v1/declarations/\(second)/invoice", token: token)
            #expect(unpaid.json["status"] as? String == "unpaid" && unpaid.json["mayRelease"] as? Bool == false)
        }
    }

    /// Figures computed apart: the footwear's value corrected from 30,600 to 20,000 USD makes the total
    /// 10,984,296.80 and refunds 1,536,261.82 of what was paid; raised to 40,000 it makes 13,882,904.00,
    /// and 2,898,607.20 is due again. Every content version stays in the history.
    @Test func anOfficersCorrectionRevisesTheInvoiceAndRefundsOrInvoicesTheDifference() async throws {
        try await withTestApp { client, _ in
            try await client.setRandomSelection(share: 1)  // kept in control (not released on payment), so that it can be corrected
            let token = try await client.token("demo-declarant"), officer = try await client.token("demo-officer")
            var content = DemoDeclarations.importFromChina(itemCount: 2)
            let (id, _) = try await register(content, client, token: token)
            _ = try await client.call(.post, "/api/v1/accounts/\(DemoData.traderBIN)/credits", token: try await client.token("demo-admin"),
                                      json: #"{"amount":"15000000.00","bankReference":"PP-1"}"#)
            #expect(try await client.call(.post, "/api/v1/declarations/\(id)/invoice/payment", token: token).status == .created)

            func correct(_ value: Decimal, version: Int) async throws -> APIResponse {
                content.items[1].invoiceValue = value
                content.invoiceTotal = content.items.compactMap(\.invoiceValue).reduce(0, +)
                let body = #"{"content":"# + String(decoding: try APIPayload.declarationJSON(content), as: UTF8.self) + #","reasons":["Invoice value per the seller's corrected invoice"]}"#
                return try await client.call(.post, "/api/v1/declarations/\(id)/corrections", token: officer, headers: [.ifMatch: "\"\(version)\""], json: body)
            }
            let declarant = try await client.call(.post, "/api/v1/declarations/\(id)/corrections", token: token, headers: [.ifMatch: "\"2\""],
                                                  json: #"{"content":{},"reasons":["x"]}"#)
            #expect(declarant.status == .forbidden)

            let lowered = try await correct(20000, version: 2)
            #expect(lowered.status == .ok, "\(lowered.text)")
            var invoice = try await client.call(.get, "/api/v1/declarations/\(id)/invoice", token: token)
            #expect(invoice.json["total"] as? String == "10984296.80" && invoice.json["status"] as? String == "paid")
            var account = try await client.call(.get, "/api/v1/accounts/\(DemoData.traderBIN)", token: token)
            #expect(account.json["balance"] as? String == "4015703.20")
            #expect((account.json["movements"] as? [[String: Any]])?.first?["amount"] as? String == "1536261.82")

            let raised = try await correct(40000, version: 3)
            #expect(raised.status == .ok, "\(raised.text)")
            invoice = try await client.call(.get, "/api/v1/declarations/\(id)/invoice", token: token)
            #expect(invoice.json["total"] as? String == "13882904.00" && invoice.json["due"] as? String == "2898607.20")
            #expect(invoice.json["status"] as? String == "unpaid" && invoice.json["mayRelease"] as? Bool == false)
            #expect(try await correct(50000, version: 3).status == .preconditionFailed)  // a stale version changes nothing

            let history = try await client.call(.get, "/api/v1/declarations/\(id)/history", token: token).array
            #expect(history.compactMap { $0["note"] as? String }.filter { $0.hasPrefix("correction:") }.count == 2)
            account = try await client.call(.get, "/api/v1/accounts/\(DemoData.traderBIN)", token: token)
            #expect(account.json["balance"] as? String == "4015703.20")
        }
    }
}
