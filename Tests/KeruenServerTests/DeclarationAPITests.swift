import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KeruenCore
import KeruenServer
import KeruenTestSupport
import NIOCore
import Testing

@Suite struct DeclarationAPITests {
    static let idempotencyKey = HTTPField.Name("Idempotency-Key")!

    @Test func aDeclarantCreatesSubmitsAndSeesTheDeclarationRegistered() async throws {
        try await withTestApp { client, _ in
            let token = try await client.token("demo-declarant")
            let created = try await client.createDeclaration(DemoDeclarations.importFromChina(itemCount: 10), token: token)
            #expect(created.status == .created)
            #expect(created.headers[.eTag] == "\"1\"")
            let id = try #require(created.json["id"] as? String)
            #expect(created.json["status"] as? String == "draft")

            let validation = try await client.call(.post, "/api/v1/declarations/\(id)/validate", token: token)
            #expect(validation.json["valid"] as? Bool == true)

            let submitted = try await client.call(.post, "/api/v1/declarations/\(id)/submit", token: token, headers: [.ifMatch: "\"1\""])
            #expect(submitted.status == .ok)
            #expect(submitted.json["status"] as? String == "registered")
            let number = try #require(submitted.json["registrationNumber"] as? String)
            let parsed = try #require(RegistrationNumber(number))
            #expect(parsed.officeCode == "55201010")
            #expect(parsed.day == CustomsDay(containing: Date()))

            let history = try await client.call(.get, "/api/v1/declarations/\(id)/history", token: token)
            #expect(history.array.compactMap { $0["status"] as? String } == ["draft", "submitted", "registered"])
            #expect(history.array.first?["actor"] as? String == "demo-declarant")
        }
    }

    @Test func anInvalidDeclarationIsRejectedWithItsReasonsRecorded() async throws {
        try await withTestApp { client, _ in
            let token = try await client.token("demo-declarant")
            var content = DemoDeclarations.importFromChina(itemCount: 2)
            content.items[1].netMass = 10_000
            let created = try await client.createDeclaration(content, token: token)
            let id = try #require(created.json["id"] as? String)
            let submitted = try await client.call(.post, "/api/v1/declarations/\(id)/submit", token: token)
            #expect(submitted.json["status"] as? String == "rejected")
            #expect(submitted.json["registrationNumber"] == nil)
            let reasons = submitted.json["rejectionReasons"] as? [[String: Any]] ?? []
            #expect(reasons.contains { $0["pointer"] as? String == "/items/1/netMass" && $0["code"] as? String == "net-exceeds-gross" })
            let again = try await client.call(.get, "/api/v1/declarations/\(id)", token: token)
            #expect((again.json["rejectionReasons"] as? [[String: Any]])?.isEmpty == false)
        }
    }

    @Test func validateListsEveryProblemWithLocalizedMessages() async throws {
        try await withTestApp { client, _ in
            let token = try await client.token("demo-declarant")
            let created = try await client.call(.post, "/api/v1/declarations", token: token, json: #"{"kind":"IM","procedure":"10","items":[{"commodityCode":"1234"}]}"#)
            let id = try #require(created.json["id"] as? String)
            let report = try await client.call(.post, "/api/v1/declarations/\(id)/validate", token: token, headers: [.acceptLanguage: "ru"])
            #expect(report.json["valid"] as? Bool == false)
            let problems = report.json["problems"] as? [[String: Any]] ?? []
            let pointers = Set(problems.compactMap { $0["pointer"] as? String })
            #expect(pointers.isSuperset(of: ["/procedure", "/officeCode", "/items/0/commodityCode", "/items/0/description", "/invoiceCurrency"]))
            let procedure = problems.first { $0["pointer"] as? String == "/procedure" }
            #expect((procedure?["message"] as? String)?.contains("процедура") == true)
        }
    }

    @Test func updatesNeedTheCurrentVersion() async throws {
        try await withTestApp { client, _ in
            let token = try await client.token("demo-declarant")
            let created = try await client.createDeclaration(DemoDeclarations.importFromChina(itemCount: 1), token: token)
            let id = try #require(created.json["id"] as? String)
            let body = ByteBuffer(data: try APIPayload.declarationJSON(DemoDeclarations.importFromChina(itemCount: 2)))
            let withoutVersion = try await client.call(.put, "/api/v1/declarations/\(id)", token: token, body: body)
            #expect(withoutVersion.status.code == 428)
            let updated = try await client.call(.put, "/api/v1/declarations/\(id)", token: token, headers: [.ifMatch: "\"1\""], body: body)
            #expect(updated.status == .ok)
            #expect(updated.headers[.eTag] == "\"2\"")
            let stale = try await client.call(.put, "/api/v1/declarations/\(id)", token: token, headers: [.ifMatch: "\"1\""],
                                              body: ByteBuffer(data: try APIPayload.declarationJSON(DemoDeclarations.importFromChina(itemCount: 5))))
            #expect(stale.status == .preconditionFailed)
            #expect(stale.json["code"] as? String == "version-mismatch")
            let current = try await client.call(.get, "/api/v1/declarations/\(id)", token: token)
            #expect(((current.json["content"] as? [String: Any])?["items"] as? [Any])?.count == 2)
            // The list's columns follow the update too.
            let drafts = try await client.call(.get, "/api/v1/declarations?status=draft", token: token)
            let summary = (drafts.json["items"] as? [[String: Any]] ?? []).first { $0["id"] as? String == id }
            #expect(summary?["itemCount"] as? Int == 2)
            #expect(summary?["version"] as? Int == 2)
        }
    }

    @Test func aRetriedCreateWithTheSameKeyAnswersTheSameDeclaration() async throws {
        try await withTestApp { client, _ in
            let token = try await client.token("demo-declarant")
            let content = DemoDeclarations.importFromChina(itemCount: 3)
            let first = try await client.createDeclaration(content, token: token, idempotencyKey: "retry-1")
            let second = try await client.createDeclaration(content, token: token, idempotencyKey: "retry-1")
            #expect(first.status == .created)
            #expect(second.status == .created)
            #expect(first.json["id"] as? String == second.json["id"] as? String)
            let other = try await client.createDeclaration(DemoDeclarations.importFromChina(itemCount: 4), token: token, idempotencyKey: "retry-1")
            #expect(other.status == .unprocessableContent)
            #expect(other.json["code"] as? String == "idempotency-conflict")
            let drafts = try await client.call(.get, "/api/v1/declarations?status=draft", token: token)
            #expect((drafts.json["items"] as? [Any])?.count == 2) // the demo's unfinished draft and this one

            // After the draft has changed, a retry still gets the first answer, content and all.
            let id = try #require(first.json["id"] as? String)
            let updated = try await client.call(.put, "/api/v1/declarations/\(id)", token: token, headers: [.ifMatch: "\"1\""],
                                                body: ByteBuffer(data: try APIPayload.declarationJSON(DemoDeclarations.importFromChina(itemCount: 5))))
            #expect(updated.status == .ok)
            let third = try await client.createDeclaration(content, token: token, idempotencyKey: "retry-1")
            #expect(third.status == .created)
            #expect(third.json["version"] as? Int == 1)
            #expect((third.json["content"] as? [String: Any])?["items"].map { ($0 as? [Any])?.count } == 3)
            #expect(third.text == first.text)
        }
    }

    /// Retries sent while the first request is still being written can land in the same transaction
    /// (group commit); they must still get the first answer, and only one declaration be made.
    @Test func retriesRacingTheFirstCreateGetItsAnswer() async throws {
        try await withTestApp { client, _ in
            let token = try await client.token("demo-declarant")
            let content = DemoDeclarations.importFromChina(itemCount: 2)
            let answers = try await withThrowingTaskGroup(of: APIResponse.self) { group in
                for _ in 0..<12 {
                    group.addTask { try await client.createDeclaration(content, token: token, idempotencyKey: "race-1") }
                }
                return try await group.reduce(into: [APIResponse]()) { $0.append($1) }
            }
            #expect(answers.allSatisfy { $0.status == .created })
            #expect(Set(answers.map(\.text)).count == 1)
            let drafts = try await client.call(.get, "/api/v1/declarations?status=draft", token: token)
            #expect((drafts.json["items"] as? [Any])?.count == 2) // the demo's unfinished draft and this one
        }
    }

    @Test func aRetriedSubmitDoesNotRegisterTwice() async throws {
        try await withTestApp { client, _ in
            let token = try await client.token("demo-declarant")
            let created = try await client.createDeclaration(DemoDeclarations.importFromChina(itemCount: 1), token: token)
            let id = try #require(created.json["id"] as? String)
            let first = try await client.call(.post, "/api/v1/declarations/\(id)/submit", token: token, headers: [Self.idempotencyKey: "submit-1"])
            let second = try await client.call(.post, "/api/v1/declarations/\(id)/submit", token: token, headers: [Self.idempotencyKey: "submit-1"])
            #expect(first.json["registrationNumber"] as? String != nil)
            #expect(first.json["registrationNumber"] as? String == second.json["registrationNumber"] as? String)
            let third = try await client.call(.post, "/api/v1/declarations/\(id)/submit", token: token)
            #expect(third.status == .conflict)
        }
    }

    @Test func concurrentSubmissionsGetGaplessNumbers() async throws {
        try await withTestApp { client, _ in
            let token = try await client.token("demo-declarant")
            var ids: [String] = []
            for variant in 0..<40 {
                let created = try await client.createDeclaration(DemoDeclarations.importFromChina(itemCount: 2, variant: variant), token: token)
                ids.append(try #require(created.json["id"] as? String))
            }
            let numbers = try await withThrowingTaskGroup(of: String?.self) { group in
                for id in ids {
                    group.addTask {
                        try await client.call(.post, "/api/v1/declarations/\(id)/submit", token: token).json["registrationNumber"] as? String
                    }
                }
                var all: [String] = []
                for try await number in group { if let number { all.append(number) } }
                return all
            }
            // The demo data registered 3 declarations at this office today before these 40.
            let serials = numbers.compactMap { RegistrationNumber($0)?.serial }.sorted()
            #expect(serials == Array(4...43))
        }
    }

    @Test func withdrawingADraftAndARegisteredDeclaration() async throws {
        try await withTestApp { client, _ in
            let token = try await client.token("demo-declarant")
            let created = try await client.createDeclaration(DemoDeclarations.importFromChina(itemCount: 1), token: token)
            let id = try #require(created.json["id"] as? String)
            let withdrawn = try await client.call(.post, "/api/v1/declarations/\(id)/withdraw", token: token)
            #expect(withdrawn.json["status"] as? String == "withdrawn")
            let again = try await client.call(.post, "/api/v1/declarations/\(id)/withdraw", token: token)
            #expect(again.status == .conflict)
        }
    }

    @Test func listFiltersAndPagesWithACursor() async throws {
        try await withTestApp { client, _ in
            let token = try await client.token("demo-declarant")
            let registered = try await client.call(.get, "/api/v1/declarations?status=registered&limit=2", token: token)
            let page = registered.json["items"] as? [[String: Any]] ?? []
            #expect(page.count == 2)
            let cursor = try #require(registered.json["nextCursor"] as? String)
            let next = try await client.call(.get, "/api/v1/declarations?status=registered&limit=2&cursor=\(cursor)", token: token)
            #expect((next.json["items"] as? [Any])?.count == 1)
            #expect(next.json["nextCursor"] == nil)

            let laptops = try await client.call(.get, "/api/v1/declarations?commodityCode=847130", token: token)
            #expect((laptops.json["items"] as? [Any])?.isEmpty == false)
            let none = try await client.call(.get, "/api/v1/declarations?commodityCode=0101", token: token)
            #expect((none.json["items"] as? [Any])?.isEmpty == true)

            let today = CustomsDay(containing: Date()).description
            let byDate = try await client.call(.get, "/api/v1/declarations?registeredFrom=\(today)&registeredTo=\(today)", token: token)
            #expect((byDate.json["items"] as? [Any])?.count == 3)
            let badDate = try await client.call(.get, "/api/v1/declarations?registeredFrom=2026-13-01", token: token)
            #expect(badDate.status == .unprocessableContent)
            #expect(badDate.errorPointers == ["/registeredFrom"])
        }
    }
}
