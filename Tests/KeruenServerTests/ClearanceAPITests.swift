import Foundation
import HTTPTypes
import HummingbirdTesting
import KeruenCore
import KeruenServer
import KeruenTestSupport
import Testing

/// Work assignment: a declaration routed to control goes to an officer of its post on shift, drawn by
/// the system; only a supervisor moves it, with a reason, and the move is audited.
@Suite struct ClearanceAPITests {
    func register(_ client: some TestClientProtocol, token: String) async throws -> String {
        let created = try await client.createDeclaration(DemoDeclarations.importFromChina(itemCount: 2), token: token)
        let id = try #require(created.json["id"] as? String)
        let submitted = try await client.call(.post, "/api/v1/declarations/\(id)/submit", token: token)
        #expect(submitted.json["status"] as? String == "registered", "\(submitted.text)")
        return id
    }

    @Test func aDeclarationInControlGoesToAnOfficerOnShiftAndOnlyASupervisorMovesIt() async throws {
        let clock = TestClock()
        try await withTestApp(clock: clock) { client, dependencies in
            let admin = try await client.token("demo-admin")
            try await client.setRandomSelection(share: 1)  // every declaration to documentary control: each one needs an officer
            let second = try await client.call(.post, "/api/v1/admin/users", token: admin, json: """
                {"username":"second-officer","password":"secret","displayName":"Second","roles":["officer"],"officeCode":"\(DemoData.officeCode)"}
                """)
            #expect(second.status == .created, "\(second.text)")
            func assignments() async throws -> Int {
                try await dependencies.store.read { try await $0.auditLog.records(after: 0, limit: 10_000) }.filter { $0.entry.action == "declaration.assign" }.count
            }
            let before = try await assignments()
            // The demo puts its officer on shift for a day.
            let first = try await register(client, token: try await client.token("demo-declarant"))
            let demoShift = try await client.call(.get, "/api/v1/declarations/\(first)/assignment", token: try await client.token("demo-officer"))
            #expect(demoShift.json["officer"] as? String == "demo-officer" && demoShift.json["assignedBy"] as? String == "keruen", "\(demoShift.text)")

            // Two days later no one is on shift: the declaration waits in the post's queue, unassigned.
            clock.advance(by: 2 * 86_400)
            let supervisor = try await client.token("demo-supervisor"), officer = try await client.token("demo-officer")
            let declarant = try await client.token("demo-declarant")
            let waiting = try await register(client, token: declarant)
            #expect(try await client.call(.get, "/api/v1/declarations/\(waiting)/assignment", token: officer).status == .notFound)

            // The second officer on shift now; the demo officer's shift is over.
            let now = clock.now
            let iso = ISO8601DateFormatter()
            let shift = try await client.call(.post, "/api/v1/shifts", token: supervisor,
                json: #"{"officer":"second-officer","startsAt":"\#(iso.string(from: now - 3600))","endsAt":"\#(iso.string(from: now + 7 * 3600))"}"#)
            #expect(shift.status == .created && shift.json["officeCode"] as? String == DemoData.officeCode, "\(shift.text)")
            var theirs: [String] = []
            for _ in 0..<3 {
                let id = try await register(client, token: declarant)
                let assigned = try await client.call(.get, "/api/v1/declarations/\(id)/assignment", token: officer)
                #expect(assigned.json["officer"] as? String == "second-officer", "\(assigned.text)")
                theirs.append(id)
            }
            // The officer's own queue: what is assigned to them; traders may not ask.
            let queue = try await client.call(.get, "/api/v1/declarations?assignedTo=second-officer", token: officer)
            #expect(Set((queue.json["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }) == Set(theirs), "\(queue.text)")
            #expect(try await client.call(.get, "/api/v1/declarations?assignedTo=second-officer", token: declarant).status == .forbidden)
            var secondDesk = PortalTests.Browser(client: client)
            try await secondDesk.signIn("second-officer", password: "secret")
            let mine = try await secondDesk.get("/declarations?status=registered&mine=1")
            #expect(theirs.allSatisfy { mine.text.contains("/declarations/\($0)") } && !mine.text.contains("/declarations/\(waiting)"))
            // Traders never see who works on their declaration.
            #expect(try await client.call(.get, "/api/v1/declarations/\(waiting)/assignment", token: declarant).status == .notFound)

            // Only a supervisor moves a declaration, to an officer of its post, with a reason.
            let path = "/api/v1/declarations/\(waiting)/assignment"
            #expect(try await client.call(.put, path, token: officer, json: #"{"officer":"demo-officer","reason":"I want it"}"#).status == .forbidden)
            let bad = try await client.call(.put, path, token: supervisor, json: #"{"officer":"demo-declarant","reason":" "}"#)
            #expect(bad.status == .unprocessableContent)
            #expect(Set((bad.json["errors"] as? [[String: Any]] ?? []).compactMap { $0["pointer"] as? String }) == ["/reason", "/officer"], "\(bad.text)")
            let moved = try await client.call(.put, path, token: supervisor, json: #"{"officer":"demo-officer","reason":"Speaks Chinese; invoices in Chinese."}"#)
            #expect(moved.status == .ok && moved.json["officer"] as? String == "demo-officer" && moved.json["assignedBy"] as? String == "demo-supervisor",
                    "\(moved.text)")
            let audit = try await dependencies.store.read { try await $0.auditLog.records(after: 0, limit: 10_000) }
            #expect(audit.contains { $0.entry.action == "declaration.reassign" && $0.entry.objectID == waiting && $0.entry.actor == "demo-supervisor" })
            #expect(try await assignments() - before == 4)

            // Three and a half hours after its registration the officer is warned; past four, it is overdue.
            var desk = PortalTests.Browser(client: client)
            try await desk.signIn("demo-officer")
            clock.advance(by: 3.5 * 3600)
            #expect(try await desk.get("/declarations/\(waiting)").text.contains(#"<span class="standing near-limit">less than an hour left</span>"#))
            clock.advance(by: 3600)
            #expect(try await desk.get("/declarations/\(waiting)").text.contains(#"<span class="standing overdue">past the limit</span>"#))
            clock.advance(by: -4.5 * 3600)

            // Shifts: a sensible length, and only for officers under the supervisor's office.
            let backwards = try await client.call(.post, "/api/v1/shifts", token: supervisor,
                json: #"{"officer":"second-officer","startsAt":"\#(iso.string(from: now))","endsAt":"\#(iso.string(from: now - 60))"}"#)
            #expect(backwards.status == .unprocessableContent && backwards.text.contains("/endsAt"))
            let notOfficer = try await client.call(.post, "/api/v1/shifts", token: supervisor,
                json: #"{"officer":"demo-declarant","startsAt":"\#(iso.string(from: now))","endsAt":"\#(iso.string(from: now + 60))"}"#)
            #expect(notOfficer.status == .unprocessableContent && notOfficer.text.contains("/officer"))
            #expect(try await client.call(.post, "/api/v1/shifts", token: officer,
                json: #"{"officer":"demo-officer","startsAt":"\#(iso.string(from: now))","endsAt":"\#(iso.string(from: now + 60))"}"#).status == .forbidden)
        }
    }

    @Test func aGreenDeclarationIsReleasedByTheSystemTheMomentItsInvoiceIsPaid() async throws {
        try await withTestApp { client, _ in
            try await client.setRandomSelection(share: 0)
            let declarant = try await client.token("demo-declarant"), officer = try await client.token("demo-officer")
            let id = try await register(client, token: declarant)
            #expect(try await client.call(.get, "/api/v1/declarations/\(id)/risk", token: officer).json["channel"] as? String == "green")
            // Unpaid: it waits.
            #expect(try await client.call(.get, "/api/v1/declarations/\(id)", token: declarant).json["status"] as? String == "registered")
            try await client.payByBankTransfer(declaration: id)
            #expect(try await client.call(.get, "/api/v1/declarations/\(id)", token: declarant).json["status"] as? String == "released")
            let history = try await client.call(.get, "/api/v1/declarations/\(id)/history", token: declarant).array
            #expect(history.last?["status"] as? String == "released" && history.last?["actor"] as? String == "keruen", "\(history)")
            // Anyone may look it up by number and declarant, and learn nothing else.
            let number = try #require(try await client.call(.get, "/api/v1/declarations/\(id)", token: declarant).json["registrationNumber"] as? String)
            let query = "number=\(number)&declarant=\(DemoData.traderBIN)"
            let status = try await client.call(.get, "/api/v1/public/declaration-status?\(query)")
            #expect(status.status == .ok && status.json["status"] as? String == "released" && status.json.count == 4, "\(status.text)")
            let otherCompany = try await client.call(.get, "/api/v1/public/declaration-status?number=\(number)&declarant=\(DemoData.otherBIN)")
            #expect(otherCompany.status == .notFound)
            let malformed = try await client.call(.get, "/api/v1/public/declaration-status?number=12345&declarant=123456789012")
            #expect(malformed.status == .unprocessableContent && malformed.text.contains("/number") && malformed.text.contains("/declarant"))
            #expect(malformed.text.contains("a registration number such as 55201010/301126/0000001"), "\(malformed.text)")
            var visitor = PortalTests.Browser(client: client)
            visitor.language = "ru"
            let page = try await visitor.get("/status?\(query.replacingOccurrences(of: "/", with: "%2F"))")
            #expect(page.status == .ok && page.text.contains("Выпущена") && page.text.contains(number), "\(page.text.prefix(300))")
            #expect(try await visitor.get("/status?number=\(number.replacingOccurrences(of: "/", with: "%2F"))&declarant=\(DemoData.otherBIN)").text
                        .contains("Зарегистрированной декларации с таким номером и декларантом нет."))
            // An export has nothing to pay: green, it is released with its registration.
            var export = DemoDeclarations.importFromChina(itemCount: 1)
            (export.kind, export.procedure, export.dispatchCountry, export.destinationCountry) = (.export, "10", "KZ", "CN")
            let created = try await client.createDeclaration(export, token: declarant)
            let exportID = try #require(created.json["id"] as? String, "\(created.text)")
            let submitted = try await client.call(.post, "/api/v1/declarations/\(exportID)/submit", token: declarant)
            #expect(submitted.json["status"] as? String == "released", "\(submitted.text)")
            // Nothing is decided twice.
            let again = try await client.call(.post, "/api/v1/declarations/\(id)/decisions", token: officer,
                                              json: #"{"decision":"release","reasons":["Documents checked"]}"#)
            #expect(again.status == .conflict, "\(again.text)")
        }
    }

    @Test func twoOfficersDecidingAtOnceOneSucceedsTheOtherIsToldItIsDecided() async throws {
        try await withTestApp { client, _ in
            try await client.setRandomSelection(share: 1)
            let declarant = try await client.token("demo-declarant")
            let id = try await register(client, token: declarant)
            try await client.payByBankTransfer(declaration: id)
            // In the portal, as officers work: the server signs each decision with the key it holds for the officer.
            var officer = PortalTests.Browser(client: client), supervisor = PortalTests.Browser(client: client)
            try await officer.signIn("demo-officer")
            try await supervisor.signIn("demo-supervisor")
            let version = try #require(try await client.call(.get, "/api/v1/declarations/\(id)", token: declarant).json["version"] as? Int)
            @Sendable func decide(_ signedIn: PortalTests.Browser, _ decision: String) async throws -> String? {
                var browser = signedIn
                let page = try await browser.get("/declarations/\(id)")
                let csrf = try #require(PortalTests.Browser.csrf(in: page.text))
                let answer = try await browser.post("/declarations/\(id)/decide",
                                                    form: [("csrf", csrf), ("version", "\(version)"), ("decision", decision), ("reasons", "Checked")])
                return answer.headers[.location]
            }
            async let release = decide(officer, "release")
            async let refusal = decide(supervisor, "refuse-release")
            let outcomes = try await [release, refusal].map { $0 ?? "" }
            #expect(outcomes.filter { $0.hasSuffix("done=decided") }.count == 1 && outcomes.filter { $0.hasSuffix("done=decided-meanwhile") }.count == 1,
                    "\(outcomes)")
            var reader = PortalTests.Browser(client: client)
            try await reader.signIn("demo-supervisor")
            let told = try await reader.get("/declarations/\(id)?done=decided-meanwhile")
            #expect(told.text.contains("Someone else decided on or changed this declaration first"))
            let history = try await client.call(.get, "/api/v1/declarations/\(id)/history", token: declarant).array
            #expect(history.filter { ["released", "release-refused"].contains($0["status"] as? String) }.count == 1)
        }
    }

    @Test func theBoardPutsUrgentWorkFirstAndStatisticsCountTheReleases() async throws {
        let clock = TestClock()
        try await withTestApp(clock: clock) { client, _ in
            try await client.setRandomSelection(share: 1)
            let declarant = try await client.token("demo-declarant"), officer = try await client.token("demo-officer")
            let urgent = try await register(client, token: declarant), asked = try await register(client, token: declarant)
            #expect(try await client.call(.post, "/api/v1/declarations/\(asked)/document-requests", token: officer, json: #"{"text":"Contract"}"#).status == .created)
            var head = PortalTests.Browser(client: client)
            try await head.signIn("demo-supervisor")
            clock.advance(by: 3.5 * 3600)
            let board = try await head.get("/board").text
            // Less than an hour left comes before the one whose clock is stopped; the officer on shift has both.
            let first = try #require(board.range(of: "/declarations/\(urgent)")), second = try #require(board.range(of: "/declarations/\(asked)"))
            #expect(first.lowerBound < second.lowerBound && board.contains(#"<tr class="near-limit">"#) && board.contains(#"<tr class="waiting">"#), "\(board)")
            let queue = try await client.call(.get, "/api/v1/declarations?assignedTo=demo-officer&status=registered", token: officer)
            let open = (queue.json["items"] as? [Any])?.count ?? 0
            #expect(open >= 2 && board.contains(#"<td>demo-officer</td><td>\#(DemoData.officeCode)</td>"#)
                    && board.contains(#"</td><td class="num">\#(open)</td></tr>"#), "\(board)")
            clock.advance(by: 3600)
            #expect(try await head.get("/board").text.contains(#"<tr class="overdue">"#))
            var desk = PortalTests.Browser(client: client)
            try await desk.signIn("demo-officer")
            #expect(try await desk.get("/board").text.contains(#"<tr class="overdue mine">"#))
            #expect(try await client.call(.get, "/board", token: declarant).status != .ok)

            // Released four and a half hours after registration: late; the statistics count it.
            try await client.payByBankTransfer(declaration: urgent)
            let csrf = try #require(PortalTests.Browser.csrf(in: try await desk.get("/declarations/\(urgent)").text))
            let version = try #require(try await client.call(.get, "/api/v1/declarations/\(urgent)", token: declarant).json["version"] as? Int)
            let decided = try await desk.post("/declarations/\(urgent)/decide", form: [("csrf", csrf), ("version", "\(version)"), ("decision", "release")])
            #expect(decided.headers[.location] == "/declarations/\(urgent)?done=decided")
            // Decided, it is no longer the officer's open work.
            #expect(try await head.get("/board").text.contains(#"</td><td class="num">\#(open - 1)</td></tr>"#))
            let statistics = try await head.get("/clearance-statistics").text
            #expect(statistics.contains(#"<td class="num">1</td><td class="num">4 h 30 min</td><td class="num">4 h 30 min</td><td class="num">0.0 %</td>"#),
                    "\(statistics)")
            #expect(statistics.contains(#"<svg class="chart""#) && statistics.contains("polyline"))
            // The public summary needs no sign-in and shows the posts only.
            var visitor = PortalTests.Browser(client: client)
            visitor.language = "kk"
            let summary = try await visitor.get("/clearance-statistics/public")
            #expect(summary.status == .ok && summary.text.contains("Кеден бекеттеріндегі шығару мерзімдері") && summary.text.contains(DemoData.officeCode))
            #expect(!summary.text.contains("polyline") && !summary.text.contains("/declarations/"))
            let badDay = try await visitor.get("/clearance-statistics/public?from=yesterday")
            #expect(badDay.status == .ok && badDay.text.contains(#"class="error""#))
        }
    }
}
