import Crypto
import Foundation
import HTTPTypes
import HummingbirdTesting
import KeruenCore
@testable import KeruenServer
import KeruenTestSupport
import Testing

/// Documentary and physical control through the API and the portal: requests for documents with the
/// clock stopped, examinations with photos kept by their hash, the separation of duties, and refusals
/// of actions out of order — each refused with its code, nothing changed, and the refusal audited.
@Suite struct ControlAPITests {
    static let pdf = Array("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n".utf8)
    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 7, count: 64)

    func upload(_ bytes: [UInt8], name: String, _ client: some TestClientProtocol, token: String) async throws -> APIResponse {
        try await client.call(.post, "/api/v1/attachments", token: token,
                              json: #"{"fileName":"\#(name)","content":"\#(Data(bytes).base64EncodedString())"}"#)
    }

    func refusals(_ dependencies: AppDependencies) async throws -> [String] {
        try await dependencies.store.read { try await $0.auditLog.records(after: 0, limit: 100_000) }
            .filter { $0.entry.action.hasSuffix(".refused") }.map { "\($0.entry.action) \($0.entry.stateDigest)" }
    }

    @Test func theOfficerAsksForDocumentsAndTheClockStopsUntilTheDeclarantAnswers() async throws {
        let clock = TestClock()
        try await withTestApp(clock: clock) { client, dependencies in
            try await client.setRandomSelection(share: 1)
            let declarant = try await client.token("demo-declarant"), officer = try await client.token("demo-officer")
            let id = try await ClearanceAPITests().register(client, token: declarant)
            let requests = "/api/v1/declarations/\(id)/document-requests"

            // Only the assigned officer (or a supervisor) asks; an empty request is refused at its field.
            #expect(try await client.call(.post, requests, token: declarant, json: #"{"text":"Send the contract"}"#).status == .forbidden)
            let empty = try await client.call(.post, requests, token: officer, json: #"{"text":"  "}"#)
            #expect(empty.status == .unprocessableContent && empty.text.contains("/text"), "\(empty.text)")
            clock.advance(by: 1800)
            let asked = try await client.call(.post, requests, token: officer, json: #"{"text":"Send the sales contract and the bank's payment order."}"#)
            #expect(asked.status == .created, "\(asked.text)")
            let requestID = try #require(asked.json["id"] as? String)

            // The declarant sees it (and the portal says the clock is stopped), uploads the contract and answers.
            var trader = PortalTests.Browser(client: client)
            try await trader.signIn("demo-declarant")
            clock.advance(by: 5 * 3600)  // the declarant takes five hours: not customs' time
            let waiting = try await trader.get("/declarations/\(id)")
            #expect(waiting.text.contains(#"<span class="standing waiting">"#) && waiting.text.contains("Send the sales contract"), "\(waiting.text.suffix(2500))")
            let listed = try await client.call(.get, requests, token: declarant).array
            #expect(listed.count == 1 && listed[0]["answer"] == nil)
            let uploaded = try await upload(Self.pdf, name: "contract.pdf", client, token: declarant)
            #expect(uploaded.status == .created && uploaded.json["mediaType"] as? String == "application/pdf", "\(uploaded.text)")
            let hash = try #require(uploaded.json["sha256"] as? String)
            #expect(hash == SHA256.hash(data: Self.pdf).map { String(format: "%02x", $0) }.joined())
            // The same bytes again are the same file.
            #expect(try await upload(Self.pdf, name: "copy.pdf", client, token: declarant).json["sha256"] as? String == hash)
            let unknownFile = try await client.call(.put, "\(requests)/\(requestID)/answer", token: declarant,
                                                    json: #"{"text":"Attached","attachments":["\#(String(repeating: "0", count: 64))"]}"#)
            #expect(unknownFile.status == .unprocessableContent && unknownFile.text.contains("/attachments/0"), "\(unknownFile.text)")
            let answered = try await client.call(.put, "\(requests)/\(requestID)/answer", token: declarant,
                                                 json: #"{"text":"The contract and the payment order are attached.","attachments":["\#(hash)"]}"#)
            #expect(answered.status == .ok && (answered.json["answer"] as? [String: Any])?["answeredBy"] as? String == "demo-declarant", "\(answered.text)")
            let twice = try await client.call(.put, "\(requests)/\(requestID)/answer", token: declarant, json: #"{"text":"Again"}"#)
            #expect(twice.status == .conflict && twice.json["code"] as? String == "request-answered")

            // The officer downloads what was attached; another company's people may not.
            let file = try await client.call(.get, "/api/v1/attachments/\(hash)", token: officer)
            #expect(file.status == .ok && Array(buffer: file.body) == Self.pdf && file.headers[.contentType] == "application/pdf")
            #expect(try await client.call(.get, "/api/v1/attachments/\(hash)", token: try await client.token("demo-broker")).status == .notFound)

            // Five and a half hours since registration, of which five were the declarant's: customs' clock says half an hour.
            let answeredPage = try await trader.get("/declarations/\(id)")
            #expect(answeredPage.text.contains("<strong>0 h 30 min</strong>") && answeredPage.text.contains(#"<span class="standing running">"#),
                    "\(answeredPage.text.suffix(2500))")
            // Each step says how long it lasted: half an hour until the request, five hours waiting for the answer.
            #expect(answeredPage.text.contains(#"<small class="took">took 0 h 30 min</small>"#)
                    && answeredPage.text.contains(#"<small class="took">took 5 h 00 min</small>"#))
            let history = try await client.call(.get, "/api/v1/declarations/\(id)/history", token: declarant).array.compactMap { $0["note"] as? String }
            #expect(history.contains { $0.hasPrefix("documents requested") } && history.contains("documents provided"), "\(history)")

            // Files that are not images or PDF, or too large, are refused with their code and audited.
            let text = try await upload(Array("just text".utf8), name: "notes.txt", client, token: declarant)
            #expect(text.status == .unsupportedMediaType && text.json["code"] as? String == "attachment-type", "\(text.text)")
            let large = try await upload(Self.pdf + Array(repeating: 0x20, count: 2 * 1024 * 1024), name: "big.pdf", client, token: declarant)
            #expect(large.status == .contentTooLarge && large.json["code"] as? String == "attachment-too-large", "\(large.text)")
            let refused = try await refusals(dependencies)
            #expect(refused.contains("attachment.upload.refused attachment-type") && refused.contains("attachment.upload.refused attachment-too-large")
                    && refused.contains("documents.answer.refused request-answered"), "\(refused)")
        }
    }

    @Test func anExaminationThatFindsAViolationNeedsASupervisorToRelease() async throws {
        try await withTestApp { client, dependencies in
            try await client.setRandomSelection(share: 1, channel: "red")
            let admin = try await client.token("demo-admin"), supervisor = try await client.token("demo-supervisor")
            let declarant = try await client.token("demo-declarant"), officer = try await client.token("demo-officer")
            let created = try await client.call(.post, "/api/v1/admin/users", token: admin, json: """
                {"username":"second-officer","password":"secret","displayName":"Second","roles":["officer"],"officeCode":"\(DemoData.officeCode)"}
                """)
            #expect(created.status == .created)
            let second = try await client.token("second-officer", password: "secret")
            let id = try await ClearanceAPITests().register(client, token: declarant)
            try await client.payByBankTransfer(declaration: id)
            let examinations = "/api/v1/declarations/\(id)/examinations"
            let order = #"{"type":"full-examination","scope":"Both items, all packages","place":"Nur Zholy, inspection bay 2"}"#

            // Not his declaration: refused, nothing ordered, the refusal audited.
            let notHis = try await client.call(.post, examinations, token: second, json: order)
            #expect(notHis.status == .forbidden && notHis.json["code"] as? String == "not-assigned", "\(notHis.text)")
            #expect(try await client.call(.get, examinations, token: officer).array.isEmpty)
            // A result for an examination nobody ordered.
            let findings = #"{"outcome":"violation","violationKind":"quantity","findings":"40 cartons declared, 52 found.","sealsRemoved":["KZ 0042117"],"sealsApplied":["KZ 0042200"],"attachments":["HASH"],"conclusion":"Undeclared goods: 12 cartons."}"#
            let early = try await client.call(.put, "\(examinations)/nothing/result", token: officer, json: findings.replacingOccurrences(of: "\"HASH\"", with: ""))
            #expect(early.status == .conflict && early.json["code"] as? String == "no-examination-ordered", "\(early.text)")
            #expect(try await refusals(dependencies).contains("examination.order.refused not-assigned"))
            #expect(try await refusals(dependencies).contains("examination.result.refused no-examination-ordered"))

            let ordered = try await client.call(.post, examinations, token: officer, json: order)
            #expect(ordered.status == .created && ordered.json["examiner"] as? String == "demo-officer", "\(ordered.text)")
            let examinationID = try #require(ordered.json["id"] as? String)
            let photo = try #require(try await upload(Self.png, name: "bay2.png", client, token: officer).json["sha256"] as? String)
            let missingKind = try await client.call(.put, "\(examinations)/\(examinationID)/result", token: officer,
                json: #"{"outcome":"violation","findings":"x","conclusion":"y","sealsApplied":[""]}"#)
            #expect(Set((missingKind.json["errors"] as? [[String: Any]] ?? []).compactMap { $0["pointer"] as? String }) == ["/violationKind", "/sealsApplied/0"],
                    "\(missingKind.text)")
            let recorded = try await client.call(.put, "\(examinations)/\(examinationID)/result", token: officer,
                                                 json: findings.replacingOccurrences(of: "HASH", with: photo))
            #expect(recorded.status == .ok && (recorded.json["result"] as? [String: Any])?["sealsApplied"] as? [String] == ["KZ 0042200"], "\(recorded.text)")
            // It is the declaration's control result: the risk feedback sees a violation.
            let risk = try await client.call(.get, "/api/v1/declarations/\(id)/risk", token: officer)
            #expect((risk.json["control"] as? [String: Any])?["outcome"] as? String == "violation", "\(risk.text)")
            #expect(try await client.call(.put, "\(examinations)/\(examinationID)/result", token: officer,
                                          json: findings.replacingOccurrences(of: "HASH", with: photo)).json["code"] as? String == "examination-recorded")

            // The officer who ordered it may not release alone; a supervisor may.
            var desk = PortalTests.Browser(client: client), head = PortalTests.Browser(client: client)
            try await desk.signIn("demo-officer")
            try await head.signIn("demo-supervisor")
            @Sendable func decide(_ signedIn: PortalTests.Browser, _ decision: String) async throws -> String? {
                var browser = signedIn
                let page = try await browser.get("/declarations/\(id)")
                let csrf = try #require(PortalTests.Browser.csrf(in: page.text))
                let version = try #require(try await client.call(.get, "/api/v1/declarations/\(id)", token: supervisor).json["version"] as? Int)
                return try await browser.post("/declarations/\(id)/decide",
                                              form: [("csrf", csrf), ("version", "\(version)"), ("decision", decision), ("reasons", "Examined")]).headers[.location]
            }
            #expect(try await decide(desk, "release") == "/declarations/\(id)?done=problem-supervisor-approval-required")
            #expect(try await desk.get("/declarations/\(id)?done=problem-supervisor-approval-required").text
                        .contains("a supervisor must release this declaration"))
            #expect(try await client.call(.get, "/api/v1/declarations/\(id)", token: declarant).json["status"] as? String == "registered")
            #expect(try await refusals(dependencies).contains("declaration.release.refused supervisor-approval-required"))
            #expect(try await decide(head, "release") == "/declarations/\(id)?done=decided")
            #expect(try await client.call(.get, "/api/v1/declarations/\(id)", token: declarant).json["status"] as? String == "released")
            // A decision on a released declaration, an examination of it: out of order, refused and audited.
            let late = try await client.call(.post, examinations, token: officer, json: order)
            #expect(late.status == .conflict && late.json["code"] as? String == "invalid-state")
            #expect(try await refusals(dependencies).contains("examination.order.refused invalid-state"))
        }
    }

    @Test func noOneActsOnADeclarationOfACompanyHeIsConnectedTo() async throws {
        try await withTestApp { client, dependencies in
            try await client.setRandomSelection(share: 1)
            let admin = try await client.token("demo-admin"), supervisor = try await client.token("demo-supervisor")
            let declarant = try await client.token("demo-declarant")
            let bad = try await client.call(.post, "/api/v1/admin/connections", token: admin, json: #"{"username":"demo-declarant","companyBIN":"123","note":""}"#)
            #expect(Set((bad.json["errors"] as? [[String: Any]] ?? []).compactMap { $0["pointer"] as? String }) == ["/companyBIN", "/note", "/username"],
                    "\(bad.text)")
            for username in ["demo-officer", "demo-supervisor"] {
                let connected = try await client.call(.post, "/api/v1/admin/connections", token: admin,
                                                      json: #"{"username":"\#(username)","companyBIN":"\#(DemoData.traderBIN)","note":"Brother is a director"}"#)
                #expect(connected.status == .noContent, "\(connected.text)")
            }
            #expect(try await dependencies.store.read { try await $0.auditLog.records(after: 0, limit: 100_000) }
                        .filter { $0.entry.action == "officer.connect" }.count == 2)
            // The only officer on shift is connected: the declaration is not assigned to him.
            let id = try await ClearanceAPITests().register(client, token: declarant)
            #expect(try await client.call(.get, "/api/v1/declarations/\(id)/assignment", token: supervisor).status == .notFound)
            // Not even the supervisor acts on it.
            let asked = try await client.call(.post, "/api/v1/declarations/\(id)/document-requests", token: supervisor, json: #"{"text":"Contract"}"#)
            #expect(asked.status == .forbidden && asked.json["code"] as? String == "connected-company", "\(asked.text)")
            let control = try await client.call(.post, "/api/v1/declarations/\(id)/control-result", token: supervisor, json: #"{"outcome":"no-violation"}"#)
            #expect(control.json["code"] as? String == "connected-company")
            #expect(try await refusals(dependencies).filter { $0.hasSuffix("connected-company") }.count == 2)
        }
    }

    @Test func inThePortalTheDeclarantAnswersWithAFileAndTheOfficerRecordsAnExaminationWithAPhoto() async throws {
        try await withTestApp { client, _ in
            try await client.setRandomSelection(share: 1)
            let declarant = try await client.token("demo-declarant")
            let id = try await ClearanceAPITests().register(client, token: declarant)
            var officer = PortalTests.Browser(client: client), trader = PortalTests.Browser(client: client)
            officer.language = "kk"
            try await officer.signIn("demo-officer")
            try await trader.signIn("demo-declarant")
            func csrf(_ browser: inout PortalTests.Browser) async throws -> String {
                try #require(PortalTests.Browser.csrf(in: try await browser.get("/declarations/\(id)").text))
            }

            let asked = try await officer.post("/declarations/\(id)/requests", form: [("csrf", try await csrf(&officer)), ("text", "Send the contract")])
            #expect(asked.headers[.location] == "/declarations/\(id)?done=documents-requested")
            #expect(try await officer.get("/declarations/\(id)").text.contains("Декларанттың жауабы күтілуде"))
            let requestID = try #require(try await client.call(.get, "/api/v1/declarations/\(id)/document-requests", token: declarant).array.first?["id"] as? String)
            let page = try await trader.get("/declarations/\(id)")
            #expect(page.text.contains("/declarations/\(id)/requests/\(requestID)/answer") && page.text.contains("Send the contract"))
            let sent = try await trader.upload("/declarations/\(id)/requests/\(requestID)/answer",
                                               fields: [("csrf", try await csrf(&trader)), ("text", "Contract attached")], file: ("files", Self.pdf))
            #expect(sent.headers[.location] == "/declarations/\(id)?done=documents-sent")
            let hash = SHA256.hash(data: Self.pdf).map { String(format: "%02x", $0) }.joined()
            #expect(try await trader.get("/declarations/\(id)").text.contains("/attachments/\(hash)"))
            let file = try await officer.get("/attachments/\(hash)")
            #expect(file.status == .ok && Array(buffer: file.body) == Self.pdf)

            let ordered = try await officer.post("/declarations/\(id)/examinations", form: [
                ("csrf", try await csrf(&officer)), ("type", "scan"), ("scope", "Container MSCU 1234565"), ("place", "Nur Zholy scanner"),
            ])
            #expect(ordered.headers[.location] == "/declarations/\(id)?done=examination-ordered")
            let examinationID = try #require(try await client.call(.get, "/api/v1/declarations/\(id)/examinations",
                                                                   token: try await client.token("demo-officer")).array.first?["id"] as? String)
            let result = "/declarations/\(id)/examinations/\(examinationID)/result"
            let fields = [("outcome", "no-violation"), ("findings", "Scan image matches the declared goods"), ("sealsRemoved", "KZ 1, KZ 2"),
                          ("sealsApplied", "KZ 3"), ("conclusion", "Nothing found")]
            let notAnImage = try await officer.upload(result, fields: [("csrf", try await csrf(&officer))] + fields, file: ("files", Array("GIF89a".utf8)))
            #expect(notAnImage.headers[.location] == "/declarations/\(id)?done=problem-attachment-type")
            #expect(try await officer.get("/declarations/\(id)?done=problem-attachment-type").text.contains("PDF"))
            let recorded = try await officer.upload(result, fields: [("csrf", try await csrf(&officer))] + fields, file: ("files", Self.png))
            #expect(recorded.headers[.location] == "/declarations/\(id)?done=examination-recorded")
            let photo = SHA256.hash(data: Self.png).map { String(format: "%02x", $0) }.joined()
            let shown = try await officer.get("/declarations/\(id)")
            #expect(shown.text.contains(#"<img src="/attachments/\#(photo)""#) && shown.text.contains("KZ 1, KZ 2"), "\(shown.text.suffix(3000))")
            // The trader's page shows neither the findings nor the examination's forms.
            let theirs = try await trader.get("/declarations/\(id)").text
            #expect(!theirs.contains("Scan image matches") && !theirs.contains("/examinations"))
        }
    }

    @Test func theDemoShowsAPostWithDeclarationsInEveryStage() async throws {
        try await withTestApp(demo: false) { client, dependencies in
            #expect(try await DemoData(dependencies: dependencies, livePost: true).load())
            let officer = try await client.token("demo-officer")
            let mine = try await client.call(.get, "/api/v1/declarations?assignedTo=demo-officer&limit=200", token: officer).json["items"] as? [[String: Any]] ?? []
            let statuses = mine.compactMap { $0["status"] as? String }
            #expect(statuses.contains("released") && statuses.contains("release-refused") && statuses.filter { $0 == "registered" }.count >= 3, "\(statuses)")
            var stages: [String] = []
            for id in mine.filter({ $0["status"] as? String == "registered" }).compactMap({ $0["id"] as? String }) {
                let examinations = try await client.call(.get, "/api/v1/declarations/\(id)/examinations", token: officer).array
                let requests = try await client.call(.get, "/api/v1/declarations/\(id)/document-requests", token: officer).array
                if requests.contains(where: { $0["answer"] == nil }) { stages.append("documents awaited") }
                if examinations.contains(where: { $0["result"] == nil && $0["examiner"] as? String == "demo-examiner" }) { stages.append("examination ordered") }
                if examinations.contains(where: { ($0["result"] as? [String: Any])?["outcome"] as? String == "violation" }) { stages.append("violation found") }
            }
            #expect(Set(stages) == ["documents awaited", "examination ordered", "violation found"], "\(stages)")
            var head = PortalTests.Browser(client: client)
            try await head.signIn("demo-supervisor")
            let board = try await head.get("/board").text
            #expect(board.contains(#"<span class="standing waiting">"#) && board.contains("<td>demo-officer</td>"))
            let statistics = try await head.get("/clearance-statistics").text
            #expect(statistics.contains("<svg class=\"chart\"") && statistics.contains(DemoData.officeCode))
        }
    }
}

/// The pages' times are the customs time zone's (UTC+5), minute by minute, on either side of midnight and of 1970.
@Suite struct PortalTimeTests {
    @Test func timesAreShownInTheCustomsTimeZone() {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = CustomsDay.timeZone
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        for seconds in [0, -1, -86_400 * 400 - 17, 951_782_400 - 18_001, 1_780_000_000, 4_102_444_799, 1_709_164_800 + 3599] {
            let date = Date(timeIntervalSince1970: TimeInterval(seconds))
            #expect(PortalFormat.time(date) == formatter.string(from: date), "\(seconds)")
        }
        #expect(PortalFormat.time(Date(timeIntervalSince1970: 1_780_000_000)) == "2026-05-29 01:26")
    }
}

/// An officer corrects a declaration in the portal: the form with its content and the reasons; the payments are recalculated.
@Suite struct PortalCorrectionTests {
    @Test func theAssignedOfficerCorrectsTheValueAndThePaymentsFollow() async throws {
        try await withTestApp { client, _ in
            try await client.setRandomSelection(share: 1)
            let declarant = try await client.token("demo-declarant")
            let id = try await ClearanceAPITests().register(client, token: declarant)
            let before = try #require(try await client.call(.get, "/api/v1/declarations/\(id)/invoice", token: declarant).json["total"] as? String)
            var desk = PortalTests.Browser(client: client)
            try await desk.signIn("demo-officer")
            #expect(try await desk.get("/declarations/\(id)").text.contains("/declarations/\(id)/correct"))
            let page = try await desk.get("/declarations/\(id)/correct").text
            #expect(page.contains(#"name="reasons""#) && !page.contains(#"value="submit""#))
            // Every input of the form as shown, with the first item's value doubled.
            let inputs = page.matches(of: /<input id="f([^"]+)" name="[^"]+" value="([^"]*)"/).map { (String($0.1), String($0.2)) }
            let selected = page.matches(of: /<select id="f([^"]+)"[^>]*>(?:(?!<\/select>)[\s\S])*?<option value="([^"]*)" selected>/).map { (String($0.1), String($0.2)) }
            let value = try #require(inputs.first { $0.0 == "/items/0/invoiceValue" }?.1)
            let doubled = "\((Decimal(string: value) ?? 0) * 2)"
            var fields = (inputs + selected).map { $0.0 == "/items/0/invoiceValue" ? ($0.0, doubled) : $0 }
            fields = fields.map { $0.0 == "/invoiceTotal" ? ($0.0, "\((Decimal(string: $0.1) ?? 0) + (Decimal(string: value) ?? 0))") : $0 }
            let csrf = try #require(PortalTests.Browser.csrf(in: page))
            let version = try #require(try await client.call(.get, "/api/v1/declarations/\(id)", token: declarant).json["version"] as? Int)
            let noReasons = try await desk.post("/declarations/\(id)/correct", form: [("csrf", csrf), ("version", "\(version)"), ("action", "correct")] + fields)
            #expect(noReasons.status == .ok && noReasons.text.contains(#"<div class="field invalid">"#) && noReasons.text.contains("reasons"))
            let saved = try await desk.post("/declarations/\(id)/correct", form: [("csrf", csrf), ("version", "\(version)"), ("action", "correct"),
                                                                                   ("reasons", "Invoice value per the contract")] + fields)
            #expect(saved.headers[.location] == "/declarations/\(id)?done=corrected", "\(saved.text.prefix(2000))")
            let after = try #require(try await client.call(.get, "/api/v1/declarations/\(id)/invoice", token: declarant).json["total"] as? String)
            #expect((Decimal(string: after) ?? 0) > (Decimal(string: before) ?? 0), "\(before) → \(after)")
        }
    }
}
