import Foundation
import HTTPTypes
import HummingbirdTesting
import KeruenCore
import KeruenServer
import KeruenTestSupport
import Testing

/// Risk profiles in the portal: an analyst writes one (in Russian), is told what is wrong with a bad
/// condition, tries it on recent declarations, saves it; a supervisor approves it (in Kazakh); an officer
/// sees why a declaration went red and records the control's result; the declarant sees none of it.
@Suite struct PortalRiskTests {
    static let condition = #"{"all":[{"field":"commodityCode","startsWith":["6403"]},{"field":"originCountry","in":["CN"]},{"field":"valuePerKg","below":50}]}"#

    static func profileForm(csrf: String, condition: String, action: String) -> [(String, String)] {
        [("csrf", csrf), ("id", "rp-cn-shoes"), ("title", "Заниженная стоимость обуви"), ("rationale", "Зеркальная статистика"),
         ("condition", condition), ("channel", "red"), ("examination", "full-examination"), ("instruction", "Пересчитать пары"),
         ("priority", "80"), ("offices", ""), ("validFrom", "2025-01-01"), ("validTo", ""), ("last", "100"), ("action", action)]
    }

    @Test func anAnalystWritesTriesAndSavesASupervisorApprovesAnOfficerSeesWhy() async throws {
        try await withTestApp { client, _ in
            let declarantToken = try await client.token("demo-declarant")
            _ = try await client.call(.put, "/api/v1/risk/settings", token: try await client.token("demo-analyst"),
                json: #"{"randomShare":0,"randomShareByOffice":{},"randomChannel":"yellow","aeoSteps":1,"aeoExemptFromRandom":true,"newTraderBelow":0}"#)
            let earlier = try #require(try await client.createDeclaration(DemoDeclarations.importFromChina(itemCount: 2), token: declarantToken).json["id"] as? String)
            _ = try await client.call(.post, "/api/v1/declarations/\(earlier)/submit", token: declarantToken)

            var analyst = PortalTests.Browser(client: client)
            analyst.language = "ru"
            try await analyst.signIn("demo-analyst")
            let form = try await analyst.get("/risk/new")
            #expect(form.status == .ok && form.text.contains("Новый профиль риска"))
            let csrf = try #require(PortalTests.Browser.csrf(in: form.text))

            let bad = try await analyst.post("/risk/new", form: Self.profileForm(csrf: csrf, condition: #"{"field":"colour","in":["red"]}"#, action: "save"))
            #expect(bad.status == .ok && bad.text.contains("Профиль не сохранён") && bad.text.contains("/condition/field: Такого поля нет в формате."))

            let tried = try await analyst.post("/risk/new", form: Self.profileForm(csrf: csrf, condition: Self.condition, action: "try"))
            #expect(tried.text.contains("Что профиль отобрал бы") && tried.text.contains("из последних"), "\(tried.text.prefix(3000))")
            #expect(tried.text.contains("/declarations/\(earlier)"))
            let list = try await analyst.get("/risk")
            #expect(list.text.contains("RP-DEMO-CITRUS") && list.text.contains("действует") && !list.text.contains("RP-CN-SHOES"))  // a trial saves nothing

            let saved = try await analyst.post("/risk/new", form: Self.profileForm(csrf: csrf, condition: Self.condition, action: "save"))
            #expect(saved.headers[.location] == "/risk/profiles/RP-CN-SHOES")
            let own = try await analyst.get("/risk/profiles/RP-CN-SHOES")
            #expect(own.text.contains("ожидает утверждения") && !own.text.contains("/approve"))

            var supervisor = PortalTests.Browser(client: client)
            supervisor.language = "kk"
            try await supervisor.signIn("demo-supervisor")
            let pending = try await supervisor.get("/risk/profiles/RP-CN-SHOES")
            #expect(pending.text.contains("Бекіту"))
            let approved = try await supervisor.post("/risk/profiles/RP-CN-SHOES/approve",
                                                     form: [("csrf", try #require(PortalTests.Browser.csrf(in: pending.text))), ("version", "1")])
            #expect(approved.headers[.location] == "/risk/profiles/RP-CN-SHOES")
            #expect(try await supervisor.get("/risk/profiles/RP-CN-SHOES").text.contains("күшінде"))

            let id = try #require(try await client.createDeclaration(DemoDeclarations.importFromChina(itemCount: 2), token: declarantToken).json["id"] as? String)
            _ = try await client.call(.post, "/api/v1/declarations/\(id)/submit", token: declarantToken)
            var officer = PortalTests.Browser(client: client)
            try await officer.signIn("demo-officer")
            let page = try await officer.get("/declarations/\(id)")
            #expect(page.text.contains("Risk assessment") && page.text.contains("RP-CN-SHOES") && page.text.contains("value, USD per kg 38.73 — below 50"))
            let recorded = try await officer.post("/declarations/\(id)/control-result", form: [
                ("csrf", try #require(PortalTests.Browser.csrf(in: page.text))), ("outcome", "violation"), ("kind", "valuation"),
                ("additional", "150000.00"), ("note", "Invoice understated")])
            #expect(recorded.headers[.location] == "/declarations/\(id)?done=control-recorded")
            #expect(try await officer.get("/declarations/\(id)?done=control-recorded").text.contains("violation found"))

            var declarant = PortalTests.Browser(client: client)
            try await declarant.signIn("demo-declarant")
            let own2 = try await declarant.get("/declarations/\(id)")
            #expect(own2.status == .ok && !own2.text.contains("Risk assessment") && !own2.text.contains("RP-CN-SHOES"))
            #expect(try await declarant.get("/risk").status != .ok)

            let report = try await analyst.get("/risk/report")
            #expect(report.text.contains("RP-CN-SHOES") && report.text.contains("100 %") && report.text.contains("150000.00"), "\(report.text.suffix(2000))")
        }
    }
}
