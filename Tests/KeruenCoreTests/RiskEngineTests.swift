import Foundation
import KeruenCore
import Testing

@Suite struct RiskEngineTests {
    static let day = CustomsDay(year: 2026, month: 3, day: 2)
    static let since = CustomsDay(year: 2026, month: 1, day: 1)

    static func profile(_ id: String, _ json: String, channel: Channel = .yellow, priority: Int = 50, offices: [String] = [],
                        validTo: CustomsDay? = nil) throws -> RiskProfile {
        RiskProfile(id: id, title: id, rationale: "test", condition: try JSONDecoder().decode(RiskCondition.self, from: Data(json.utf8)),
                    measure: RiskMeasure(channel: channel, examination: channel == .red ? .fullExamination : .documents, instruction: "Check."),
                    priority: priority, offices: offices, validFrom: since, validTo: validTo, status: .active, author: "a", approver: "b",
                    createdAt: Date(timeIntervalSince1970: 0))
    }

    static let shoes = RiskInput.Item(code: "6403990000", origin: "CN", valuePerKg: 3.2, netToGross: 0.92, massPerUnit: 0.66, supplementaryQuantity: 1200)
    static let laptops = RiskInput.Item(code: "8471300000", origin: "CN", valuePerKg: 240, netToGross: 0.9, documents: ["01401"])
    static let input = RiskInput(office: "55201010", procedure: "40", transportMode: "30", dispatchCountry: "CN", declarant: "050140001238",
                                 consignor: "XINJIANG SILK ROAD TRADING CO., LTD.", items: [laptops, shoes])

    @Test func cheapShoesFromChinaFireWithTheValuesThatMadeThemFire() throws {
        let engine = RiskEngine(profiles: [
            try Self.profile("RP-SHOES", #"{"all":[{"field":"commodityCode","startsWith":["6403","6402"]},{"field":"originCountry","in":["CN","VN"]},{"field":"valuePerKg","below":8.5}]}"#, channel: .red),
            try Self.profile("RP-TEXTILE", #"{"field":"commodityCode","startsWith":["61"]}"#),
        ])
        let hits = engine.evaluate(Self.input, on: Self.day)
        #expect(hits.map(\.profileID) == ["RP-SHOES"])
        let hit = try #require(hits.first)
        #expect(hit.items == [2])
        #expect(hit.evidence == [
            RiskHit.Evidence(field: .commodityCode, value: "6403990000", test: "startsWith 6403, 6402", item: 2),
            RiskHit.Evidence(field: .originCountry, value: "CN", test: "in CN, VN", item: 2),
            RiskHit.Evidence(field: .valuePerKg, value: "3.2", test: "below 8.5", item: 2),
        ])
    }

    @Test func anyNotMissingDocumentsAndDeclarationFieldsCombine() throws {
        let engine = RiskEngine(profiles: [
            // Laptops without a certificate of conformity (01401): the laptops have one, so no.
            try Self.profile("RP-CERT", #"{"all":[{"field":"commodityCode","startsWith":["8471"]},{"field":"documents","lacks":"01401"}]}"#),
            // Shoes have none: yes.
            try Self.profile("RP-CERT-SHOES", #"{"all":[{"field":"commodityCode","startsWith":["6403"]},{"field":"documents","lacks":"01401"}]}"#),
            try Self.profile("RP-ROAD-NOT-AEO", #"{"all":[{"field":"transportMode","in":["30"]},{"not":{"field":"aeo","is":true}}]}"#, channel: .blue),
            try Self.profile("RP-RAIL", #"{"any":[{"field":"transportMode","in":["20"]},{"field":"dispatchCountry","in":["IR"]}]}"#),
            try Self.profile("RP-CONSIGNOR", #"{"field":"consignor","in":["Xinjiang Silk Road Trading Co., Ltd."]}"#, channel: .red, priority: 90),
        ])
        let hits = engine.evaluate(Self.input, on: Self.day)
        #expect(hits.map(\.profileID) == ["RP-CONSIGNOR", "RP-CERT-SHOES", "RP-ROAD-NOT-AEO"])
        #expect(hits.last?.evidence.map(\.test) == ["in 30", "not is true"])
        #expect(hits.last?.items == [])
    }

    @Test func officesAndPeriodLimitWhereAndWhenAProfileApplies() throws {
        let engine = RiskEngine(profiles: [
            try Self.profile("RP-DOSTYK", #"{"field":"commodityCode","startsWith":["8471"]}"#, offices: ["55202020"]),
            try Self.profile("RP-EXPIRED", #"{"field":"commodityCode","startsWith":["8471"]}"#, validTo: CustomsDay(year: 2026, month: 3, day: 1)),
            try Self.profile("RP-UNTIL-TODAY", #"{"field":"commodityCode","startsWith":["8471"]}"#, validTo: Self.day),
        ])
        #expect(engine.evaluate(Self.input, on: Self.day).map(\.profileID) == ["RP-UNTIL-TODAY"])
        var atDostyk = Self.input
        atDostyk.office = "55202020"
        #expect(engine.evaluate(atDostyk, on: CustomsDay(year: 2026, month: 3, day: 3)).map(\.profileID) == ["RP-DOSTYK"])
    }

    @Test func aReferenceToAnotherProfileIsInlinedAndABrokenOneIsLeftOut() throws {
        let engine = RiskEngine(profiles: [
            try Self.profile("RP-CHINA", #"{"field":"originCountry","in":["CN"]}"#),
            try Self.profile("RP-CHINA-SHOES", #"{"all":[{"profile":"RP-CHINA"},{"field":"commodityCode","startsWith":["6403"]}]}"#, channel: .red),
            try Self.profile("RP-LOOP-A", #"{"profile":"RP-LOOP-B"}"#),
            try Self.profile("RP-LOOP-B", #"{"profile":"RP-LOOP-A"}"#),
        ])
        #expect(Set(engine.skipped.map(\.id)) == ["RP-LOOP-A", "RP-LOOP-B"])
        #expect(engine.evaluate(Self.input, on: Self.day).map(\.profileID) == ["RP-CHINA-SHOES", "RP-CHINA"])
    }

    /// The index may only save work: on generated profiles and declarations it finds exactly what the plain scan finds.
    @Test func theIndexFindsWhatEvaluatingEveryProfileFinds() throws {
        var generator = SystemRandomNumberGenerator()
        let codes = ["6403990000", "8471300000", "0805100000", "6110200000", "8517130000", "9403600000"]
        let countries = ["CN", "TR", "DE", "VN", "KG"]
        var profiles: [RiskProfile] = []
        for index in 0..<400 {
            let code = codes.randomElement(using: &generator)!
            let prefix = String(code.prefix([2, 4, 6, 10].randomElement(using: &generator)!))
            let origin = countries.randomElement(using: &generator)!
            let json = switch index % 5 {
            case 0: #"{"all":[{"field":"commodityCode","startsWith":["\#(prefix)"]},{"field":"originCountry","in":["\#(origin)"]}]}"#
            case 1: #"{"any":[{"field":"commodityCode","startsWith":["\#(prefix)"]},{"field":"dispatchCountry","in":["\#(origin)"]}]}"#
            case 2: #"{"all":[{"field":"commodityCode","startsWith":["\#(prefix)"]},{"field":"valuePerKg","below":\#(Int.random(in: 1...50, using: &generator))}]}"#
            case 3: #"{"not":{"field":"originCountry","in":["\#(origin)"]}}"#
            default: #"{"all":[{"field":"declarant","in":["050140001238"]},{"field":"commodityCode","startsWith":["\#(prefix)"]}]}"#
            }
            profiles.append(try Self.profile("RP-\(index)", json, offices: index % 7 == 0 ? ["55201010"] : []))
        }
        let engine = RiskEngine(profiles: profiles)
        // The 80 `not` profiles have no key, less the 11 of them scoped to an office (the office is their key).
        #expect(engine.unindexedCount == 69)
        for _ in 0..<200 {
            let items = (0..<Int.random(in: 1...6, using: &generator)).map { _ in
                RiskInput.Item(code: codes.randomElement(using: &generator), origin: countries.randomElement(using: &generator),
                               valuePerKg: Double.random(in: 0...60, using: &generator))
            }
            let input = RiskInput(office: ["55201010", "55202020"].randomElement(using: &generator), dispatchCountry: countries.randomElement(using: &generator),
                                  declarant: ["050140001238", "991240000123"].randomElement(using: &generator), items: items)
            let indexed = engine.evaluate(input, on: Self.day)
            #expect(indexed == engine.evaluateEveryProfile(input, on: Self.day))
        }
    }

    @Test func theStrictestMeasureWinsAndChanceSelectsOnlyOtherwiseGreenDeclarations() throws {
        let red = RiskHit(profileID: "R", version: 1, title: "R", measure: RiskMeasure(channel: .red, examination: .scan, instruction: "Scan."),
                          priority: 10, items: [1], evidence: [])
        let yellow = RiskHit(profileID: "Y", version: 1, title: "Y", measure: RiskMeasure(channel: .yellow, examination: .documents, instruction: "Docs."),
                             priority: 99, items: [1], evidence: [])
        var generator = SystemRandomNumberGenerator()
        let always = RiskSettings(randomShare: 1, randomChannel: .red)
        let strictest = RiskResult(hits: [yellow, red], office: nil, aeo: .none, settings: always, using: &generator)
        #expect(strictest.channel == .red && strictest.examination == .scan && !strictest.random && strictest.draw == nil)

        let chosen = RiskResult(hits: [], office: "55201010", aeo: .none, settings: always, using: &generator)
        #expect(chosen.channel == .red && chosen.random && chosen.share == 1)
        let never = RiskResult(hits: [], office: "55201010", aeo: .none, settings: RiskSettings(randomShare: 1, randomShareByOffice: ["55201010": 0]),
                               using: &generator)
        #expect(never.channel == .green && !never.random && never.draw != nil && never.share == 0)

        // An AEO: one step lower, and left out of the random selection.
        let aeo = RiskResult(hits: [red], office: nil, aeo: .full, settings: always, using: &generator)
        #expect(aeo.channel == .yellow && aeo.aeoLoweredFrom == .red)
        #expect(RiskResult(hits: [], office: nil, aeo: .full, settings: always, using: &generator).channel == .green)
    }

    @Test func theRandomShareIsKeptOverManyDraws() {
        var generator = SystemRandomNumberGenerator()
        let settings = RiskSettings(randomShare: 0.1)
        let selected = (0..<20_000).filter { _ in RiskResult(hits: [], office: nil, aeo: .none, settings: settings, using: &generator).random }.count
        // 2,000 expected; ±5 standard deviations (≈ 42 each).
        #expect((1_790...2_210).contains(selected))
    }
}
