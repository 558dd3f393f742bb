import HummingbirdTesting
import KeruenTestSupport
import Testing

@Suite struct ReferenceAPITests {
    @Test func commodityLookUpWithAncestry() async throws {
        try await withTestApp(demo: false) { client, _ in
            let laptop = try await client.call(.get, "/api/v1/reference/hs/8471300000")
            #expect(laptop.status == .ok)
            #expect((laptop.json["ancestry"] as? [[String: Any]])?.compactMap { $0["code"] as? String } == ["84", "8471", "847130"])
            let heading = try await client.call(.get, "/api/v1/reference/hs/0805")
            #expect((heading.json["children"] as? [Any])?.isEmpty == false)
            #expect(try await client.call(.get, "/api/v1/reference/hs/9999990000").status == .notFound)
            #expect(try await client.call(.get, "/api/v1/reference/hs/84a").status == .unprocessableContent)
        }
    }

    @Test func searchCountriesCurrenciesAndOfficeTree() async throws {
        try await withTestApp(demo: false) { client, _ in
            let search = try await client.call(.get, "/api/v1/reference/hs?q=oranges")
            #expect(search.array.contains { $0["code"] as? String == "080510" })
            let countries = try await client.call(.get, "/api/v1/reference/countries", headers: [.acceptLanguage: "ru"])
            #expect(countries.array.first { $0["code"] as? String == "KZ" }?["name"] as? String == "Казахстан")
            let currencies = try await client.call(.get, "/api/v1/reference/currencies")
            #expect(currencies.array.contains { $0["code"] as? String == "KZT" })
            let offices = try await client.call(.get, "/api/v1/reference/offices")
            #expect(offices.array.count == 1)
            #expect((offices.array.first?["children"] as? [Any])?.count == 6)
        }
    }
}
