import AsyncHTTPClient
import Foundation
import KeruenCore
import KeruenServer
import KeruenStore
import KeruenTestSupport
import Testing

@Suite(.serialized) struct DurabilityTests {
    /// A registration the server acknowledged is still there after `kill -9` right after the answer.
    @Test func anAcknowledgedRegistrationSurvivesKillNine() async throws {
        try await TestDatabase.withProvider { _, url in
            let port = KeruenProcess.freePort()
            let base = "http://127.0.0.1:\(port)"
            // Signatures are the signature tests' business; this one is about what a kill -9 keeps.
            let keyFile = FileManager.default.temporaryDirectory.appendingPathComponent("keruen-durability-\(port)/server-key.pem").path
            let environment = ["KERUEN_BCRYPT_COST": "4", "KERUEN_LOG_LEVEL": "error", "KERUEN_SIGNATURE_REQUIRED": "false", "KERUEN_SERVER_KEY_FILE": keyFile]
            let server = try KeruenProcess.start(["serve", "--demo", "--port", "\(port)", "--database-url", url], environment: environment)
            let http = HTTP()
            var numbers: [String: String] = [:]
            do {
                try await http.waitUntilReady(base)
                let token = try #require(try await http.send(.POST, base + "/api/v1/auth/token", json: #"{"username":"demo-declarant","password":"demo"}"#).body["token"] as? String)
                let body = String(decoding: try APIPayload.declarationJSON(DemoDeclarations.importFromChina(itemCount: 10)), as: UTF8.self)
                for _ in 0..<5 {
                    let created = try await http.send(.POST, base + "/api/v1/declarations", token: token, json: body)
                    let id = try #require(created.body["id"] as? String)
                    let submitted = try await http.send(.POST, base + "/api/v1/declarations/\(id)/submit", token: token)
                    numbers[id] = try #require(submitted.body["registrationNumber"] as? String)
                }
                kill(server.processIdentifier, SIGKILL)
                try await http.shutdown()
            } catch {
                server.terminate()
                try? await http.shutdown()
                throw error
            }
            // Read through a new connection, as a restarted server would.
            let reopened = try await openDatabase(url: url, logger: .init(label: "test"))
            let expected = numbers
            let found = try await withRunningDatabase(reopened) {
                try await Store(provider: reopened).read { session in
                    var found: [String: String] = [:]
                    for id in expected.keys { found[id] = try await session.declarations.find(id: id)?.declaration.registrationNumber?.description }
                    return found
                }
            }
            #expect(found == numbers)
            let verify = try await KeruenProcess.run(["audit", "verify", "--database-url", url])
            #expect(verify.status == 0, "\(verify.output)")
        }
    }

    /// Device batches the server acknowledged are all there after `kill -9`; after the restart, the device
    /// resending a batch it was not sure of creates nothing twice.
    @Test func acknowledgedDeviceEventsSurviveKillNineAndAResendAddsNothing() async throws {
        try await TestDatabase.withProvider { _, url in
            let port = KeruenProcess.freePort()
            let base = "http://127.0.0.1:\(port)"
            let keyFile = FileManager.default.temporaryDirectory.appendingPathComponent("keruen-durability-\(port)/server-key.pem").path
            let environment = ["KERUEN_BCRYPT_COST": "4", "KERUEN_LOG_LEVEL": "error", "KERUEN_SERVER_KEY_FILE": keyFile]
            let now = Date()
            func batch(_ number: Int) -> String {
                let events = (0..<200).map { index in
                    #"{"id":"b\#(number)-\#(index)","time":"\#((now - Double(index)).formatted(.iso8601))","type":"position","plate":"512HBA02","latitude":44.1,"longitude":80.0}"#
                }
                return #"{"events":[\#(events.joined(separator: ","))]}"#
            }
            var server = try KeruenProcess.start(["serve", "--demo", "--port", "\(port)", "--database-url", url], environment: environment)
            let http = HTTP()
            var acknowledged = 0
            do {
                try await http.waitUntilReady(base)
                let token = try #require(try await http.send(.POST, base + "/api/v1/auth/token", json: #"{"username":"demo-nz-seals","password":"demo"}"#).body["token"] as? String)
                for number in 0..<5 {
                    let answer = try await http.send(.POST, base + "/api/v1/devices/events", token: token, json: batch(number))
                    acknowledged += try #require(answer.body["accepted"] as? Int, "\(answer.body)")
                }
                kill(server.processIdentifier, SIGKILL)
                server.waitUntilExit()
                #expect(acknowledged == 1000)
                let reopened = try await openDatabase(url: url, logger: .init(label: "test"))
                let kept = try await withRunningDatabase(reopened) {
                    try await Store(provider: reopened).read { try await $0.sql.raw("SELECT COUNT(*) AS n FROM device_events WHERE event_id LIKE 'b%'").first()!.decode(column: "n", as: Int.self) }
                }
                #expect(kept == acknowledged)
                server = try KeruenProcess.start(["serve", "--port", "\(port)", "--database-url", url], environment: environment)
                try await http.waitUntilReady(base)
                let again = try #require(try await http.send(.POST, base + "/api/v1/auth/token", json: #"{"username":"demo-nz-seals","password":"demo"}"#).body["token"] as? String)
                let resent = try await http.send(.POST, base + "/api/v1/devices/events", token: again, json: batch(4))
                #expect(resent.body["accepted"] as? Int == 0 && resent.body["duplicates"] as? Int == 200, "\(resent.body)")
                server.terminate()
                try await http.shutdown()
            } catch {
                server.terminate()
                try? await http.shutdown()
                throw error
            }
        }
    }

    @Test func auditVerifyNamesTheFirstBrokenRecordAndExitsWithOne() async throws {
        try await TestDatabase.withProvider { provider, url in
            let demo = try await KeruenProcess.run(["demo", "--database-url", url], environment: ["KERUEN_BCRYPT_COST": "4"])
            #expect(demo.status == 0, "\(demo.output)")
            let intact = try await KeruenProcess.run(["audit", "verify", "--database-url", url])
            #expect(intact.status == 0)
            #expect(intact.output.contains("Audit chain intact"))
            try await Store(provider: provider).write { try await $0.sql.raw("UPDATE audit_log SET actor = 'mallory' WHERE sequence = 7").run() }
            let broken = try await KeruenProcess.run(["audit", "verify", "--database-url", url])
            #expect(broken.status == 1)
            #expect(broken.output.contains("Record 7: its content does not match its hash."))
        }
    }

    /// Cells damaged behind Keruen's back are summed again from the records, to what was kept with the demo's releases;
    /// the day's report of the demo is printed as CSV.
    @Test func statsRebuildRestoresTheCellsFromTheRecords() async throws {
        try await TestDatabase.withProvider { provider, url in
            let demo = try await KeruenProcess.run(["demo", "--database-url", url], environment: ["KERUEN_BCRYPT_COST": "4"])
            #expect(demo.status == 0, "\(demo.output)")
            let store = Store(provider: provider)
            let kept = try await store.read { try await $0.statistics.cells() }
            #expect(!kept.isEmpty, "the demo releases declarations")
            try await store.write { try await $0.sql.raw("UPDATE trade_cells SET value_tiyn = 0").run() }
            let rebuilt = try await KeruenProcess.run(["stats", "rebuild", "--database-url", url])
            #expect(rebuilt.status == 0 && rebuilt.output.contains("Statistics rebuilt: \(kept.count) cells"), "\(rebuilt.output)")
            #expect(try await store.read { try await $0.statistics.cells() } == kept)
            #expect(try await KeruenProcess.run(["audit", "verify", "--database-url", url]).status == 0)
            let today = CustomsDay(containing: Date()).description
            let report = try await KeruenProcess.run(["report", "daily", today, "--database-url", url])
            // (The output may carry the database driver's log lines too.)
            let lines = report.output.split(whereSeparator: \.isNewline).filter { $0.hasPrefix("day,") || $0.hasPrefix(today + ",") }
            #expect(report.status == 0 && lines.first?.hasPrefix("day,office,channel,registered,released") == true
                    && lines.last?.hasPrefix("\(today),total,,") == true && lines.count > 2, "\(report.output)")
            let refused = try await KeruenProcess.run(["report", "daily", "yesterday", "--database-url", url])
            #expect(refused.status != 0 && refused.output.contains("not a date"))
        }
    }

    @Test func importPartnerStatsRefusesABadFileWholeAndStoresAGoodOne() async throws {
        try await TestDatabase.withProvider { provider, url in
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("keruen-comtrade-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let good = folder.appendingPathComponent("china.csv"), bad = folder.appendingPathComponent("bad.csv")
            try "period,reporterISO,partnerISO,flowCode,cmdCode,netWgt,primaryValue\n2025,CHN,KAZ,X,8471,520,150000\n".write(to: good, atomically: true, encoding: .utf8)
            try "period,reporterISO,partnerISO,flowCode,cmdCode,netWgt,primaryValue\n2025,CHN,KAZ,X,8471,520,150000\n2025,CHN,KAZ,X,84x1,1,1\n"
                .write(to: bad, atomically: true, encoding: .utf8)
            let refused = try await KeruenProcess.run(["import", "partner-stats", bad.path, "--database-url", url])
            #expect(refused.status != 0 && refused.output.contains("refused, nothing stored") && refused.output.contains("84x1"), "\(refused.output)")
            let stored = try await KeruenProcess.run(["import", "partner-stats", good.path, "--database-url", url])
            #expect(stored.status == 0 && stored.output.contains("1 partner figure(s) stored (CN)"), "\(stored.output)")
            let figures = try await Store(provider: provider).read {
                try await $0.statistics.partnerFigures(reporter: "CN", partner: "KZ", flow: .export, digits: 4, from: "2025", to: "2025")
            }
            #expect(figures.map(\.valueUSDCents) == [15_000_000])
        }
    }

    @Test func userAddCreatesAUserWhoCanSignIn() async throws {
        try await TestDatabase.withProvider { provider, url in
            let added = try await KeruenProcess.run(["user", "add", "chief", "--role", "admin", "--name", "Chief", "--password", "s3cret", "--database-url", url],
                                              environment: ["KERUEN_BCRYPT_COST": "4"])
            #expect(added.status == 0, "\(added.output)")
            let user = try await Store(provider: provider).read { try await $0.users.find(username: "chief") }
            #expect(user?.roles == [.admin])
            #expect(user?.passwordHash.hasPrefix("$2") == true)
            let refused = try await KeruenProcess.run(["user", "add", "clerk", "--role", "declarant", "--password", "x", "--database-url", url])
            #expect(refused.status != 0)
            #expect(refused.output.contains("/companyBIN"))
        }
    }

    @Test func importRatesRefusesABadFileWholeAndStoresAGoodOne() async throws {
        try await TestDatabase.withProvider { provider, url in
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("keruen-rates-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let good = folder.appendingPathComponent("2026-11-27.xml"), bad = folder.appendingPathComponent("2026-11-28.xml")
            try "<rates><date>27.11.2026</date><item><title>USD</title><description>481.5</description><quant>1</quant></item></rates>"
                .write(to: good, atomically: true, encoding: .utf8)
            try "<rates><date>28.11.2026</date>\n<item><title>UZS</title><description>3.9</description><quant>0</quant></item></rates>"
                .write(to: bad, atomically: true, encoding: .utf8)
            let refused = try await KeruenProcess.run(["import", "rates", good.path, bad.path, "--database-url", url])
            #expect(refused.status != 0)
            #expect(refused.output.contains("2026-11-28.xml refused") && refused.output.contains("Line 2"), "\(refused.output)")
            let afterRefusal = try await Store(provider: provider).read { try await $0.paymentReference.rates() }
            #expect(afterRefusal.isEmpty)  // the good file before it was not stored either
            let imported = try await KeruenProcess.run(["import", "rates", good.path, "--database-url", url])
            #expect(imported.status == 0, "\(imported.output)")
            let stored = try await Store(provider: provider).read { try await $0.paymentReference.rates() }
            #expect(stored.map { "\($0.currency) \($0.day) \($0.price)" } == ["USD 2026-11-27 481.5"])
        }
    }
}
