import Foundation
import HTTPTypes
import HummingbirdTesting
import KeruenCore
import KeruenServer
import KeruenTestSupport
import Testing

@Suite struct AccessTests {
    @Test func aDeclarantNeverSeesAnotherCompanysDeclarations() async throws {
        try await withTestApp { client, dependencies in
            // A second trading company with its own declarant.
            let admin = try await client.token("demo-admin")
            let company = try await client.call(.post, "/api/v1/admin/companies", token: admin,
                                                json: #"{"bin":"\#(DemoData.otherBIN)","name":"Other","address":"Karaganda"}"#)
            #expect(company.status == .conflict) // the demo already has it
            let user = try await client.call(.post, "/api/v1/admin/users", token: admin, json: """
                {"username":"other-declarant","password":"secret","displayName":"Other","roles":["declarant"],"companyBIN":"\(DemoData.otherBIN)"}
                """)
            #expect(user.status == .created)
            #expect(user.json["password"] == nil)
            let other = try await client.token("other-declarant", password: "secret")

            let mine = try await client.call(.get, "/api/v1/declarations", token: try await client.token("demo-declarant"))
            let myIDs = (mine.json["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            #expect(myIDs.count == 4)

            let theirs = try await client.call(.get, "/api/v1/declarations", token: other)
            #expect((theirs.json["items"] as? [Any])?.isEmpty == true)
            for id in myIDs {
                #expect(try await client.call(.get, "/api/v1/declarations/\(id)", token: other).status == .notFound)
                #expect(try await client.call(.post, "/api/v1/declarations/\(id)/submit", token: other).status == .notFound)
            }
            // Filing in another company's name is refused.
            var foreign = DemoDeclarations.importFromChina(itemCount: 1)
            foreign.declarant?.identificationNumber = DemoData.traderBIN
            let refused = try await client.createDeclaration(foreign, token: other)
            #expect(refused.status == .unprocessableContent)
            #expect(refused.errorCodes["/declarant/identificationNumber"] == "not-own-company")
        }
    }

    @Test func aBrokerFilesOnlyForDeclarantsItRepresents() async throws {
        try await withTestApp { client, _ in
            let broker = try await client.token("demo-broker")
            var represented = DemoDeclarations.importFromChina(declarantBIN: DemoData.representedBIN, declarantName: "Dala Foods JSC", itemCount: 2)
            represented.representative = nil
            let created = try await client.createDeclaration(represented, token: broker)
            #expect(created.status == .created)
            #expect(((created.json["content"] as? [String: Any])?["representative"] as? [String: Any])?["identificationNumber"] as? String == DemoData.brokerBIN)
            let stranger = DemoDeclarations.importFromChina(declarantBIN: DemoData.otherBIN, itemCount: 1)
            let refused = try await client.createDeclaration(stranger, token: broker)
            #expect(refused.errorCodes["/declarant/identificationNumber"] == "not-represented")
            // The represented declarant sees what the broker filed for it; the broker does not see the trader's own.
            let list = try await client.call(.get, "/api/v1/declarations", token: broker)
            let declarants = Set((list.json["items"] as? [[String: Any]] ?? []).compactMap { $0["declarantBIN"] as? String })
            #expect(declarants == [DemoData.representedBIN])
        }
    }

    @Test func anOfficerSeesHisOfficesRegisteredDeclarationsOnly() async throws {
        try await withTestApp { client, _ in
            let officer = try await client.token("demo-officer")
            let list = try await client.call(.get, "/api/v1/declarations", token: officer)
            let items = list.json["items"] as? [[String: Any]] ?? []
            #expect(items.count == 3)
            #expect(items.allSatisfy { $0["officeCode"] as? String == DemoData.officeCode && $0["status"] as? String == "registered" })
            // The supervisor of the customs house sees its posts too.
            let supervisor = try await client.call(.get, "/api/v1/declarations", token: try await client.token("demo-supervisor"))
            #expect((supervisor.json["items"] as? [Any])?.count == 3)
            // Officers do not file.
            let refused = try await client.createDeclaration(DemoDeclarations.importFromChina(itemCount: 1), token: officer)
            #expect(refused.status == .forbidden)
            // The broker's declaration at Dostyk is not his.
            let all = try await client.call(.get, "/api/v1/declarations", token: try await client.token("demo-analyst"))
            let dostyk = (all.json["items"] as? [[String: Any]] ?? []).first { $0["officeCode"] as? String == "55202020" }
            let id = try #require(dostyk?["id"] as? String)
            #expect(try await client.call(.get, "/api/v1/declarations/\(id)", token: officer).status == .notFound)
        }
    }

    @Test func adminEndpointsAreForAdministratorsOnly() async throws {
        try await withTestApp { client, _ in
            let declarant = try await client.token("demo-declarant")
            #expect(try await client.call(.get, "/api/v1/admin/users", token: declarant).status == .forbidden)
            #expect(try await client.call(.get, "/api/v1/admin/users").status == .unauthorized)
            let users = try await client.call(.get, "/api/v1/admin/users", token: try await client.token("demo-admin"))
            #expect(Set(users.array.compactMap { $0["username"] as? String }) == Set(DemoData.usernames))
        }
    }
}
