import Foundation
import HTTPTypes
import KeruenCore
import KeruenServer
import KeruenStore
import KeruenTestSupport
import Testing

/// Foreign-trade statistics through the API: counted as declarations are released and corrected, read in full
/// by statisticians and, published and confidential figures withheld, by the public.
@Suite struct StatisticsAPITests {
    /// Laptops 96,000 and footwear 30,600 USD from Viet Nam at the demo's USD rate (525.11): customs values
    /// 50,410,560.00 and 16,068,366.00 tenge. The footwear corrected to 20,000 USD is 10,502,200.00.
    @Test func aReleasedImportIsCountedAndItsCorrectionMovesItsFigures() async throws {
        try await withTestApp { client, dependencies in
            try await client.setRandomSelection(share: 0)  // green, so that paying releases it
            let declarant = try await client.token("demo-declarant"), statistician = try await client.token("demo-statistician")
            var content = DemoDeclarations.importFromChina(itemCount: 2)
            content.dispatchCountry = "VN"
            for index in content.items.indices { content.items[index].originCountry = "VN" }
            let id = try #require(try await client.createDeclaration(content, token: declarant).json["id"] as? String)
            let submitted = try await client.call(.post, "/api/v1/declarations/\(id)/submit", token: declarant)
            #expect(submitted.json["status"] as? String == "registered", "\(submitted.text)")
            let period = TradePeriod(containing: Date()).description
            let query = "/api/v1/statistics?from=\(period)&to=\(period)&partner=VN&groupBy=code4"
            let beforeRelease = try await client.call(.get, query, token: statistician)
            #expect((beforeRelease.json["lines"] as? [Any])?.isEmpty == true, "registered, not released: \(beforeRelease.text)")

            try await client.payByBankTransfer(declaration: id)
            let released = try await client.call(.get, "/api/v1/declarations/\(id)", token: declarant)
            #expect(released.json["status"] as? String == "released", "\(released.text)")
            var lines = try #require(try await client.call(.get, query, token: statistician).json["lines"] as? [[String: Any]])
            #expect(lines.map { "\(($0["group"] as? [String: String])?["code4"] ?? "") \($0["items"]!) \($0["valueUsd"]!) \($0["valueKzt"]!) \($0["netMassKg"]!) \($0["declarants"]!)" } == [
                "6403 1 30600.00 16068366.00 790.000 1", "8471 1 96000.00 50410560.00 380.000 1",
            ])
            let csv = try await client.call(.get, query, token: statistician, headers: [.accept: "text/csv"])
            #expect(csv.text == "code4,items,value_usd,value_kzt,net_mass_kg,supplementary_quantity,declarants\r\n" +
                    "6403,1,30600.00,16068366.00,790.000,1200.000,1\r\n8471,1,96000.00,50410560.00,380.000,200.000,1\r\n", "\(csv.text)")
            // The public sees no unpublished month.
            let visitor = try await client.call(.get, query)
            #expect(visitor.status == .ok && (visitor.json["lines"] as? [Any])?.isEmpty == true && visitor.json["to"] as? String != period, "\(visitor.text)")

            // An officer's correction after release moves the figures; nothing is counted twice.
            content.items[1].invoiceValue = 20000
            content.invoiceTotal = 116_000
            let version = try #require(released.json["version"] as? Int)
            let body = #"{"content":"# + String(decoding: try APIPayload.declarationJSON(content), as: UTF8.self) + #","reasons":["Corrected invoice"]}"#
            let corrected = try await client.call(.post, "/api/v1/declarations/\(id)/corrections", token: try await client.token("demo-officer"),
                                                  headers: [.ifMatch: "\"\(version)\""], json: body)
            #expect(corrected.status == .ok, "\(corrected.text)")
            lines = try #require(try await client.call(.get, query, token: statistician).json["lines"] as? [[String: Any]])
            #expect(lines.map { "\(($0["group"] as? [String: String])?["code4"] ?? "") \($0["items"]!) \($0["valueUsd"]!) \($0["valueKzt"]!)" } == [
                "6403 1 20000.00 10502200.00", "8471 1 96000.00 50410560.00",
            ])
            _ = dependencies
        }
    }

    /// Generated history: 400 declarations counted one by one, 150 of them corrected (some to nothing); the
    /// cells kept on the way equal the sums of the final records, and a rebuild from the records gives the same cells.
    @Test func theKeptCellsEqualARebuildFromTheRecords() async throws {
        try await withTestApp(demo: false) { _, dependencies in
            var generator = SeededRandomNumberGenerator(seed: 8)
            var final: [String: [TradeRecord]] = [:]
            for round in 0..<550 {
                let declarationID = round < 400 ? "D\(round)" : "D\(Int.random(in: 0..<400, using: &generator))"
                let records = round >= 400 && Int.random(in: 0..<5, using: &generator) == 0 ? [] : Self.records(of: declarationID, using: &generator)
                try await dependencies.store.write { try await $0.statistics.count(declarationID: declarationID, records: records) }
                final[declarationID] = records
            }
            var expected: [TradeCell.Key: TradeCell.Measures] = [:]
            for record in final.values.joined() { expected[record.cell, default: .init()] = expected[record.cell, default: .init()] + record.measures }
            let kept = try await dependencies.store.read { try await $0.statistics.cells() }
            #expect(Dictionary(uniqueKeysWithValues: kept.map { ($0.key, $0.measures) }) == expected)
            let count = try await dependencies.store.write { try await $0.statistics.rebuild() }
            let rebuilt = try await dependencies.store.read { try await $0.statistics.cells() }
            #expect(count == expected.count && rebuilt == kept)
        }
    }

    /// Any query answers the sums of the records it selects, and their distinct declarants counted up to five,
    /// from a node's cube: loaded whole, brought up to date after corrections (emptied cells included), on a
    /// second node (its own cube over the same database) that sees the first node's releases, and after a rebuild.
    @Test func figuresFromTheCubeEqualTheRecordsTheySum() async throws {
        try await withTestApp(demo: false) { _, dependencies in
            var generator = SeededRandomNumberGenerator(seed: 21)
            var final: [String: [TradeRecord]] = [:]
            func release(_ rounds: Range<Int>) async throws {
                for round in rounds {
                    let declarationID = round < 300 ? "D\(round)" : "D\(Int.random(in: 0..<300, using: &generator))"
                    let records = round >= 300 && Int.random(in: 0..<4, using: &generator) == 0 ? [] : Self.records(of: declarationID, using: &generator)
                    try await dependencies.store.write { try await $0.statistics.count(declarationID: declarationID, records: records) }
                    final[declarationID] = records
                }
            }
            let otherNode = Store(provider: dependencies.store.provider)
            func checkQueries(_ stage: String, on store: Store) async throws {
                let records = Array(final.values.joined())
                for _ in 0..<60 {
                    let query = Self.randomQuery(among: records, using: &generator)
                    let answer = try await store.read { try await $0.statistics.figures(query) }
                    let expected = Self.figures(query, of: records)
                    #expect(Dictionary(uniqueKeysWithValues: answer.map { ($0.dimensions, $0) }) == expected, "\(stage): \(query)")
                    #expect(answer.map(\.dimensions) == answer.map(\.dimensions).sorted { $0.lexicographicallyPrecedes($1) }, "\(stage): in order")
                    let page = try await store.read { try await $0.statistics.page(query, lines: 2..<5) }
                    #expect(page.total == answer.count && page.figures == Array(answer.dropFirst(2).prefix(3)), "\(stage): a page of \(query)")
                }
            }
            try await release(0..<300)
            try await checkQueries("loaded", on: dependencies.store)
            try await release(300..<360)
            try await checkQueries("corrected", on: dependencies.store)
            try await checkQueries("another node", on: otherNode)
            try await release(360..<420)
            try await checkQueries("another node, corrected", on: otherNode)
            _ = try await StatisticsWorkflow(dependencies: dependencies).rebuild(actor: "test")
            try await checkQueries("rebuilt", on: dependencies.store)
            try await checkQueries("another node, rebuilt", on: otherNode)
        }
    }

    /// `keruen demo --history-items`: exactly the items asked for, every month of the years asked for, Russia and China
    /// the largest sources of imports, mineral fuels the largest export; the same seed gives the same history; written
    /// and summed, the figures hold every item, and writing it again replaces it.
    @Test func aGeneratedHistoryIsShapedLikeKazakhstansTrade() async throws {
        try await withTestApp(demo: false) { _, dependencies in
            let history = TradeHistory(items: 8_000, years: 2, before: TradePeriod("2026-01")!, reference: dependencies.reference, seed: 7)
            var records: [TradeRecord] = [], months: [TradePeriod] = []
            try await history.generate { month, made in records += made; months.append(month) }
            #expect(records.count == 8_000 && months == history.months && months.first == TradePeriod("2024-01") && months.last == TradePeriod("2025-12"))
            #expect(records.allSatisfy { $0.declarationID.hasPrefix("H-") && IdentificationNumber.isValid($0.cell.declarant) })
            let imports = records.filter { $0.cell.flow == .import }, exports = records.filter { $0.cell.flow == .export }
            #expect(Double(imports.filter { ["RU", "CN"].contains($0.cell.partner) }.count) > 0.5 * Double(imports.count))
            var exportValue: [String: Int64] = [:]
            for record in exports { exportValue[String(record.cell.code.prefix(2)), default: 0] += record.measures.valueUSDCents }
            #expect(exportValue.max { $0.value < $1.value }?.key == "27")
            var again: [TradeRecord] = []
            try await history.generate { _, made in if again.count < 100 { again += made.prefix(100) } }
            #expect(Array(again.prefix(100)) == Array(records.prefix(100)))

            let statistics = StatisticsWorkflow(dependencies: dependencies)
            for _ in 0..<2 { _ = try await statistics.write(history, actor: "test") }
            let total = try await dependencies.store.read { try await $0.statistics.figures(TradeQuery(from: TradePeriod("2024-01")!, to: TradePeriod("2025-12")!, groupBy: [])) }
            #expect(total.first?.measures.items == 8_000 && total.first?.measures.valueUSDCents == records.reduce(0) { $0 + $1.measures.valueUSDCents })
        }
    }

    /// A query over the generated records' values: any period range in 2024–2025 (whole years half the time), some filters, up to two
    /// groupings or now and then all ten (more groups than the cube finds in an array).
    static func randomQuery(among records: [TradeRecord], using generator: inout SeededRandomNumberGenerator) -> TradeQuery {
        func some<T>(_ value: @autoclosure () -> T, oneIn chance: Int) -> T? { Int.random(in: 0..<chance, using: &generator) == 0 ? value() : nil }
        let months = (0..<24).map { TradePeriod(year: 2024 + $0 / 12, month: 1 + $0 % 12)! }
        var (from, to) = (months.randomElement(using: &generator)!, months.randomElement(using: &generator)!)
        if from > to { swap(&from, &to) }
        if Bool.random(using: &generator) { (from, to) = (months[0], months[[11, 23].randomElement(using: &generator)!]) }
        let sample = records.randomElement(using: &generator)!.cell
        let dimensions: [TradeQuery.Dimension] = [.period, .flow, .partner, .procedure, .office, .transport, .code(digits: 2), .code(digits: 4), .code(digits: 6), .code(digits: 10)]
        return TradeQuery(from: from, to: to, flow: some(sample.flow, oneIn: 3), partner: some(sample.partner, oneIn: 3),
                          codePrefix: some(String(sample.code.prefix([2, 4, 6].randomElement(using: &generator)!)), oneIn: 3),
                          procedure: some(sample.procedure, oneIn: 6), office: some(sample.office, oneIn: 6), transport: some(sample.transport, oneIn: 6),
                          groupBy: Array(dimensions.shuffled(using: &generator).prefix([0, 1, 2, 2, 10].randomElement(using: &generator)!)))
    }

    /// What a query must answer, summed here from the records themselves.
    static func figures(_ query: TradeQuery, of records: [TradeRecord]) -> [[String]: TradeFigure] {
        var figures: [[String]: (measures: TradeCell.Measures, declarants: Set<String>)] = [:]
        for record in records {
            let k = record.cell
            guard query.from <= k.period, k.period <= query.to, query.flow.map({ $0 == k.flow }) ?? true, query.partner.map({ $0 == k.partner }) ?? true,
                  query.codePrefix.map({ k.code.hasPrefix($0) }) ?? true, query.procedure.map({ $0 == k.procedure }) ?? true,
                  query.office.map({ $0 == k.office }) ?? true, query.transport.map({ $0 == k.transport }) ?? true else { continue }
            let dimensions = query.groupBy.map { dimension -> String in
                switch dimension {
                case .period: k.period.description
                case .flow: k.flow.rawValue
                case .partner: k.partner
                case .procedure: k.procedure
                case .office: k.office
                case .transport: k.transport
                case .code(let digits): String(k.code.prefix(digits))
                }
            }
            figures[dimensions, default: (.init(), [])].measures = figures[dimensions, default: (.init(), [])].measures + record.measures
            figures[dimensions]!.declarants.insert(k.declarant)
        }
        return figures.mapValues { TradeFigure(dimensions: [], measures: $0.measures, declarants: min($0.declarants.count, TradeFigure.declarantsCounted)) }
            .reduce(into: [:]) { result, entry in result[entry.key] = TradeFigure(dimensions: entry.key, measures: entry.value.measures, declarants: entry.value.declarants) }
    }

    /// Published months only, and lines from fewer than three declarants withheld — for the public; the
    /// statistician sees them all. Bad filters are named.
    @Test func thePublicSeesPublishedMonthsWithoutConfidentialLines() async throws {
        try await withTestApp { client, dependencies in
            // Two declarants import from Georgia, three from Armenia, in March 2025 (long published).
            for (index, (partner, declarant)) in [("GE", "100000000001"), ("GE", "100000000002"), ("AM", "100000000001"), ("AM", "100000000002"),
                                                  ("AM", "100000000003"), ("AM", "100000000003")].enumerated() {
                let key = TradeCell.Key(period: TradePeriod("2025-03")!, flow: .import, partner: partner, code: "0805100000", procedure: "40",
                                        office: "55201010", transport: "30", declarant: declarant)
                let record = TradeRecord(declarationID: "S\(index)", item: 1, cell: key, measures: .init(items: 1, valueTiyn: 100_000, valueUSDCents: 190))
                try await dependencies.store.write { try await $0.statistics.count(declarationID: "S\(index)", records: [record]) }
            }
            let query = "/api/v1/statistics?from=2025-01&to=2025-06&flow=import&code=0805&groupBy=period,partner"
            let visitor = try await client.call(.get, query)
            let lines = try #require(visitor.json["lines"] as? [[String: Any]])
            #expect(lines.map { "\(($0["group"] as? [String: String])?["partner"] ?? "") \($0["suppressed"] as? Bool == true) \($0["valueUsd"] ?? "-") \($0["items"] ?? "-")" } == ["AM false 7.60 4", "GE true - -"], "\(visitor.text)")
            #expect(lines.allSatisfy { $0["declarants"] == nil } && visitor.json["confidentialityThreshold"] as? Int == 3)
            let statistician = try await client.call(.get, query, token: try await client.token("demo-statistician"))
            #expect((statistician.json["lines"] as? [[String: Any]])?.map { "\($0["valueUsd"] ?? "-") \($0["declarants"]!)" } == ["7.60 3", "3.80 2"])
            #expect(statistician.json["totalLines"] as? Int == 2 && statistician.json["nextOffset"] == nil)

            // A page at a time: the second line alone, with where the next page would start; the CSV pages the same way.
            let byPartner = "/api/v1/statistics?from=2025-01&to=2025-06&groupBy=partner"
            let first = try await client.call(.get, byPartner + "&limit=1", token: try await client.token("demo-statistician"))
            #expect((first.json["lines"] as? [[String: Any]])?.compactMap { ($0["group"] as? [String: String])?["partner"] } == ["AM"]
                    && first.json["totalLines"] as? Int == 2 && first.json["nextOffset"] as? Int == 1, "\(first.text)")
            let second = try await client.call(.get, byPartner + "&limit=1&offset=1", token: try await client.token("demo-statistician"))
            #expect((second.json["lines"] as? [[String: Any]])?.compactMap { ($0["group"] as? [String: String])?["partner"] } == ["GE"]
                    && second.json["nextOffset"] == nil, "\(second.text)")
            let secondCSV = try await client.call(.get, byPartner + "&limit=1&offset=1", token: try await client.token("demo-statistician"), headers: [.accept: "text/csv"])
            #expect(secondCSV.text.split(separator: "\r\n").map { $0.prefix(3) } == ["par", "GE,"], "\(secondCSV.text)")

            // The explorer page, in Kazakh, without sign-in: table, charts, the same withholding; its CSV.
            var browser = PortalTests.Browser(client: client)
            _ = try await browser.get("/language/kk?back=%2F")
            let page = try await browser.get("/statistics?from=2025-01&to=2025-06&flow=import&code=0805&groupBy=partner")
            #expect(page.status == .ok && page.text.contains("Сыртқы сауда статистикасы") && page.text.contains("<td class=\"num\">7.60</td>")
                    && page.text.contains("құпия: декларанттар шектен аз") && page.text.components(separatedBy: "<svg class=\"chart\"").count == 4,
                    "\(page.text.suffix(3000))")
            let pageCSV = try await browser.get("/statistics.csv?from=2025-01&to=2025-06&flow=import&code=0805&groupBy=partner")
            #expect(pageCSV.text == "partner,items,value_usd,value_kzt,net_mass_kg,supplementary_quantity\r\nAM,4,7.60,4000.00,0.000,0.000\r\nGE,,confidential,confidential,confidential,confidential\r\n",
                    "\(pageCSV.text)")
            #expect(try await browser.get("/statistics?from=2025-1").text.contains("ЖЖЖЖ-АА түріндегі ай"))

            for (bad, pointer) in [("from=2025-13&to=2025-06", "/from"), ("from=2025-06&to=2025-01", "/to"), ("from=2025-01&to=2025-06&groupBy=colour", "/groupBy"),
                                   ("from=2025-01&to=2025-06&code=08a", "/code"), ("from=2025-01&to=2025-06&partner=XX", "/partner"),
                                   ("from=2025-01&to=2025-06&limit=0", "/limit"), ("from=2025-01&to=2025-06&limit=100001", "/limit"),
                                   ("from=2025-01&to=2025-06&offset=-1", "/offset")] {
                let refused = try await client.call(.get, "/api/v1/statistics?" + bad)
                #expect(refused.status == .unprocessableContent && refused.errorPointers == [pointer], "\(bad): \(refused.text)")
            }
        }
    }

    /// The explorer's table shows the 500 largest lines and says so; its CSV has them all.
    @Test func theExplorerShowsTheLargestLinesAndTheCSVAll() async throws {
        try await withTestApp { client, dependencies in
            let records = (0..<501).map { n in
                TradeRecord(declarationID: "L1", item: n + 1,
                            cell: TradeCell.Key(period: TradePeriod("2025-03")!, flow: .import, partner: "CN", code: String(8_400_000_000 + n * 10), procedure: "40",
                                                office: "55201010", transport: "30", declarant: "100000000001"),
                            measures: .init(items: 1, valueTiyn: 1_000, valueUSDCents: Int64(n + 1)))
            }
            try await dependencies.store.write { try await $0.statistics.count(declarationID: "L1", records: records) }
            var browser = PortalTests.Browser(client: client)
            try await browser.signIn("demo-statistician")
            _ = try await browser.get("/language/en?back=%2F")
            let page = try await browser.get("/statistics?from=2025-03&to=2025-03&groupBy=code10")
            #expect(page.text.components(separatedBy: "<tr><td>84").count - 1 == 500 && page.text.contains("<tr><td>8400005000</td>")
                    && !page.text.contains("<tr><td>8400000000</td>") && page.text.contains("the 500 largest lines of 501 are shown here"), "\(page.text.suffix(2000))")
            let csv = try await browser.get("/statistics.csv?from=2025-03&to=2025-03&groupBy=code10")
            #expect(csv.text.split(separator: "\r\n").count == 502)
        }
    }

    /// The day's report moves by exactly what one registration, payment and release adds; the page reads in
    /// the statistician's Russian and offers the same figures as CSV; a declarant may not read it.
    @Test func theDailyReportCountsTheDaysRegistrationsReleasesAndPayments() async throws {
        try await withTestApp { client, dependencies in
            var statistician = PortalTests.Browser(client: client)
            try await statistician.signIn("demo-statistician")
            let today = CustomsDay(containing: Date()).description
            func row(office: String, channel: String) async throws -> [String] {
                let csv = try await statistician.get("/reports/daily.csv?day=\(today)")
                #expect(csv.status == .ok && csv.text.hasPrefix("day,office,channel,registered,released,refused,customs_value_kzt,assessed_kzt,collected_kzt"))
                let line = csv.text.split(separator: "\r\n").first { $0.hasPrefix("\(today),\(office),\(channel),") }
                return line.map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) } ?? [today, office, channel, "0", "0", "0", "0.00", "0.00", "0.00", ""]
            }
            try await client.setRandomSelection(share: 0)  // green, so that paying releases it
            let declarant = try await client.token("demo-declarant")
            let before = try await row(office: DemoData.officeCode, channel: "green")
            let id = try #require(try await client.createDeclaration(DemoDeclarations.importFromChina(itemCount: 2), token: declarant).json["id"] as? String)
            let submitted = try await client.call(.post, "/api/v1/declarations/\(id)/submit", token: declarant)
            let invoice = try await client.call(.get, "/api/v1/declarations/\(id)/invoice", token: declarant)
            try await client.payByBankTransfer(declaration: id)
            #expect(try await client.call(.get, "/api/v1/declarations/\(id)", token: declarant).json["status"] as? String == "released", "\(submitted.text)")
            let after = try await row(office: DemoData.officeCode, channel: "green")
            func tenge(_ text: String) -> Decimal { DecimalText.parse(text) ?? 0 }
            #expect(Int(after[3])! == Int(before[3])! + 1 && Int(after[4])! == Int(before[4])! + 1 && after[5] == before[5], "\(before) → \(after)")
            #expect(tenge(after[6]) - tenge(before[6]) == 66_478_926 && tenge(after[7]) - tenge(before[7]) == 12_520_558.62, "\(before) → \(after)")
            #expect(tenge(after[8]) - tenge(before[8]) == tenge(invoice.json["total"] as? String ?? "") && !after[9].isEmpty)

            _ = try await statistician.get("/language/ru?back=%2F")
            let page = try await statistician.get("/reports/daily?day=\(today)")
            #expect(page.status == .ok && page.text.contains("Ежедневный отчёт за \(today)") && page.text.contains("/reports/daily.csv?day=\(today)")
                    && page.text.contains("Все посты"), "\(page.text.prefix(800))")
            #expect(try await statistician.get("/reports/daily?day=30.11.2026").text.contains("ГГГГ-ММ-ДД"))
            var trader = PortalTests.Browser(client: client)
            try await trader.signIn("demo-declarant")
            #expect(try await trader.get("/reports/daily").status == .forbidden)
            _ = dependencies
        }
    }

    /// Our 2025 imports from China (computers 96,000 + 4,000 USD, 380 + 120 kg; footwear 30,600 USD, 790 kg) against
    /// China's reported exports to us (computers 150,000 USD, 520 kg; footwear 30,000 USD without mass; phones 20,000 USD).
    @Test func mirrorStatisticsSetOurImportsAgainstThePartnersExports() async throws {
        try await withTestApp { client, dependencies in
            for (index, (month, code, cents, grams)) in [("2025-03", "8471300000", 9_600_000, 380_000), ("2025-03", "6403990000", 3_060_000, 790_000),
                                                          ("2025-07", "8471300000", 400_000, 120_000)].enumerated() {
                let key = TradeCell.Key(period: TradePeriod(month)!, flow: .import, partner: "CN", code: code, procedure: "40", office: "55201010",
                                        transport: "30", declarant: "100000000001")
                let record = TradeRecord(declarationID: "M\(index)", item: 1, cell: key,
                                         measures: .init(items: 1, valueTiyn: Int64(cents) * 5, valueUSDCents: Int64(cents), netMassGrams: Int64(grams)))
                try await dependencies.store.write { try await $0.statistics.count(declarationID: "M\(index)", records: [record]) }
            }
            let file = "period,reporterISO,partnerISO,flowCode,cmdCode,netWgt,primaryValue\n2025,CHN,KAZ,X,8471,520,150000\n2025,CHN,KAZ,X,6403,,30000\n"
                + "2025,CHN,KAZ,X,8517,100,20000\n2025,CHN,KAZ,M,8471,5,700\n"
            #expect(try await StatisticsWorkflow(dependencies: dependencies).importPartnerFigures(file, actor: "test").count == 4)
            let analyst = try await client.token("demo-analyst")
            let mirror = try await client.call(.get, "/api/v1/statistics/mirror?partner=CN&from=2025&to=2025&level=4", token: analyst)
            let lines = try #require(mirror.json["lines"] as? [[String: Any]], "\(mirror.text)")
            #expect(lines.map { "\($0["code"]!) \($0["ourValueUsd"]!) \($0["partnerValueUsd"]!) \($0["valueGapUsd"]!) \($0["valueGapPercent"] ?? "-") \($0["massGapKg"] ?? "-") \($0["massGapPercent"] ?? "-")" } == [
                "8471 100000.00 150000.00 -50000.00 -33.3 -20.000 -3.8", "8517 0.00 20000.00 -20000.00 -100 -100.000 -100", "6403 30600.00 30000.00 600.00 2 - -",
            ], "\(mirror.text)")
            let monthly = try await client.call(.get, "/api/v1/statistics/mirror?partner=CN&from=2025-01&to=2025-12&level=2", token: analyst)
            #expect((monthly.json["lines"] as? [[String: Any]])?.map { "\($0["period"]!) \($0["code"]!) \($0["partnerValueUsd"]!)" } == ["2025-03 84 0.00", "2025-03 64 0.00", "2025-07 84 0.00"],
                    "the partner reports years only: \(monthly.text)")
            var browser = PortalTests.Browser(client: client)
            try await browser.signIn("demo-analyst")
            let page = try await browser.get("/statistics/mirror?partner=CN&flow=import&from=2025&to=2025&level=4")
            #expect(page.status == .ok && page.text.contains("Mirror statistics") && page.text.contains("<td class=\"num\">-50000.00</td>")
                    && page.text.contains("<svg class=\"chart\""), "\(page.text.suffix(2500))")
            #expect(try await client.call(.get, "/api/v1/statistics/mirror?partner=CN&from=2025&to=2025", token: try await client.token("demo-declarant")).status == .forbidden)
            #expect(try await client.call(.get, "/api/v1/statistics/mirror?partner=CN&from=2025&to=2025").status == .unauthorized)
            let bad = try await client.call(.get, "/api/v1/statistics/mirror?partner=XX&from=2025&to=2025-03&level=5", token: analyst)
            #expect(bad.status == .unprocessableContent && Set(bad.errorPointers) == ["/partner", "/to", "/level"], "\(bad.text)")
            do {
                _ = try await StatisticsWorkflow(dependencies: dependencies).importPartnerFigures(file + "2025,CHN,KAZ,Q,8471,1,1\n", actor: "test")
                Issue.record("a bad file was stored")
            } catch let problem as APIProblem {
                #expect(problem.fields.map(\.pointer) == ["/lines/6"])
            }
        }
    }

    static func records(of declarationID: String, using generator: inout SeededRandomNumberGenerator) -> [TradeRecord] {
        let partners = ["CN", "RU", "DE", "TR", "UZ", "KG", "US", "IT"], codes = (0..<30).map { String(8400000000 + $0 * 1_010_101) }
        let period = TradePeriod(year: 2024 + Int.random(in: 0...1, using: &generator), month: Int.random(in: 1...12, using: &generator))!
        let flow: TradeFlow = Bool.random(using: &generator) ? .import : .export
        let declarant = String(100000000000 + Int.random(in: 0..<12, using: &generator))
        return (1...Int.random(in: 1...8, using: &generator)).map { item in
            let key = TradeCell.Key(period: period, flow: flow, partner: partners.randomElement(using: &generator)!, code: codes.randomElement(using: &generator)!,
                                    procedure: ["40", "10", "31"].randomElement(using: &generator)!, office: ["55201010", "55202020", "55101010", "55601010"].randomElement(using: &generator)!,
                                    transport: ["30", "20", "40"].randomElement(using: &generator)!, declarant: declarant)
            return TradeRecord(declarationID: declarationID, item: item, cell: key,
                               measures: .init(items: 1, valueTiyn: Int64.random(in: 1...5_000_000_000, using: &generator),
                                               valueUSDCents: Int64.random(in: 1...10_000_000, using: &generator), netMassGrams: Int64.random(in: 0...20_000_000, using: &generator),
                                               supplementaryThousandths: Int64.random(in: 0...1_000_000, using: &generator)))
        }
    }
}
