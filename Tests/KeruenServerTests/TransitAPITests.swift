import Foundation
import HTTPTypes
import HummingbirdTesting
import KeruenCore
@testable import KeruenServer
import KeruenTestSupport
import Testing

/// Transit under guarantee through the API: filing with the guarantee reserved, the movement's events at
/// the offices on its route (and refused out of order, at the wrong office, without a reason), the TIR
/// termination for the guarantee chain, and the watch that raises overdue movements and calls the guarantee.
@Suite struct TransitAPITests {
    static func body(_ declaration: TransitDeclaration) throws -> String {
        String(decoding: try JSONEncoder().encode(APIMapping.transitDeclaration(declaration)), as: UTF8.self)
    }

    static func tir(_ carnet: String = "XE 12345678", plate: String = "345KTA02") -> TransitDeclaration {
        DemoTransit.declaration(plate: plate, trailer: "12TR02", carnet: carnet, guaranteeID: nil, variant: 0, seal: "ENS-1")
    }

    func refusals(_ dependencies: AppDependencies) async throws -> [String] {
        try await dependencies.store.read { try await $0.auditLog.records(after: 0, limit: 100_000) }
            .filter { $0.entry.action.hasSuffix(".refused") }.map { "\($0.entry.action) \($0.entry.stateDigest)" }
    }

    @Test func aTIRMovementGoesFromDepartureToDischargeAndItsTerminationIsReported() async throws {
        try await withTestApp { client, dependencies in
            let declarant = try await client.token("demo-declarant")
            let (nurZholy, syrym) = (try await client.token("demo-officer"), try await client.token("demo-syrym"))
            let almaty = try await client.token("demo-almaty")

            // Everything wrong is said at once, at its field, and nothing is kept.
            var bad = Self.tir("XE 1234")
            bad.containers = ["CSQU3054384"]  // wrong check digit
            bad.route = ["55201010", "99999999"]
            bad.timeLimitHours = 0
            bad.vehicles = [.init(plate: " - ")]
            let refused = try await client.call(.post, "/api/v1/transit/movements", token: declarant, json: try Self.body(bad))
            #expect(refused.status == .unprocessableContent, "\(refused.text)")
            #expect(Set(refused.errorPointers).isSuperset(of: ["/guarantee/carnet", "/containers/0", "/route/1", "/timeLimitHours", "/vehicles/0/plate"]),
                    "\(refused.errorPointers)")
            #expect(try await client.call(.get, "/api/v1/transit/movements", token: declarant).array.isEmpty)

            let filed = try await client.call(.post, "/api/v1/transit/movements", token: declarant, json: try Self.body(Self.tir()))
            #expect(filed.status == .created, "\(filed.text)")
            let id = try #require(filed.json["id"] as? String)
            #expect((filed.json["number"] as? String)?.hasPrefix("55201010/") == true && filed.json["status"] as? String == "accepted")
            // The duties and taxes at stake: what the goods would owe as an import (duty, VAT), a positive amount in tenge.
            #expect(Decimal(string: filed.json["amountAtStake"] as? String ?? "") ?? 0 > 0, "\(filed.json)")
            // The carnet cannot start a second operation while this one is open.
            let twice = try await client.call(.post, "/api/v1/transit/movements", token: declarant, json: try Self.body(Self.tir(plate: "512HBA02")))
            #expect(twice.status == .conflict && twice.json["code"] as? String == "carnet-in-use", "\(twice.text)")

            let events = "/api/v1/transit/movements/\(id)/events"
            // Out of order, at the wrong office, and not on the route: refused, nothing changed.
            #expect(try await client.call(.post, events, token: syrym, json: #"{"event":"release"}"#).status == .forbidden)
            let early = try await client.call(.post, events, token: almaty, json: #"{"event":"passage"}"#)
            #expect(early.status == .conflict && early.json["code"] as? String == "transit-out-of-order", "\(early.text)")
            #expect(try await client.call(.post, events, token: nurZholy, json: #"{"event":"release"}"#).json["status"] as? String == "released")
            #expect(try await client.call(.post, events, token: almaty, json: #"{"event":"passage"}"#).json["passedOffices"] as? [String] == ["55101030"])
            let wrongPlace = try await client.call(.post, events, token: nurZholy, json: #"{"event":"arrival","office":"55201010"}"#)
            #expect(wrongPlace.status == .forbidden || wrongPlace.json["code"] as? String == "transit-not-the-destination", "\(wrongPlace.text)")
            let incident = try await client.call(.post, events, token: almaty,
                                                 json: #"{"event":"incident","incident":{"kind":"seal-broken","report":"","place":"A-3 km 412"}}"#)
            #expect(incident.status == .conflict && incident.json["code"] as? String == "transit-reason-required")
            #expect(try await client.call(.post, events, token: syrym, json: #"{"event":"arrival"}"#).json["status"] as? String == "arrived")
            let unexplained = try await client.call(.post, events, token: syrym, json: #"{"event":"termination","sealsIntact":false}"#)
            #expect(unexplained.status == .conflict && unexplained.json["code"] as? String == "transit-reason-required")
            #expect(try await client.call(.get, "/api/v1/transit/movements/\(id)/tir-termination", token: syrym).json["code"] as? String == "tir-not-terminated")
            let terminated = try await client.call(.post, events, token: syrym,
                                                   json: #"{"event":"termination","sealsIntact":false,"reservation":"Seal ENS-1 cut; 2 packages short"}"#)
            #expect(terminated.json["status"] as? String == "terminated", "\(terminated.text)")

            // The SafeTIR record: carnet, country, office, day, reference, final discharge, with reservation, packages, new.
            let record = try await client.call(.get, "/api/v1/transit/movements/\(id)/tir-termination", token: syrym).json
            #expect(record["carnetNumber"] as? String == "XE12345678" && record["country"] as? String == "KZ" && record["customsOffice"] as? String == "55601010")
            #expect(record["reference"] as? String == filed.json["number"] as? String && record["withReservation"] as? Bool == true
                    && record["packages"] as? Int == 24 && record["discharge"] as? String == "final" && record["message"] as? String == "new", "\(record)")
            let today = CustomsDay(containing: Date()).description
            let csv = try await client.call(.get, "/api/v1/transit/tir-terminations?from=\(today)&to=\(today)", token: syrym)
            #expect(csv.headers[.contentType]?.hasPrefix("text/csv") == true)
            #expect(csv.text.hasPrefix("carnet_number,country,customs_office,termination_date,reference,discharge,with_reservation,reservation,packages,message\r\n"))
            #expect(csv.text.contains("XE12345678,KZ,55601010,\(today),\(filed.json["number"] as! String),final,yes,Seal ENS-1 cut; 2 packages short,24,new"), "\(csv.text)")
            #expect(try await client.call(.post, events, token: syrym, json: #"{"event":"discharge"}"#).json["status"] as? String == "discharged")

            // Once terminated the carnet is free for its next operation.
            #expect(try await client.call(.post, "/api/v1/transit/movements", token: declarant, json: try Self.body(Self.tir(plate: "512HBA02"))).status == .created)
            let history = try await client.call(.get, "/api/v1/transit/movements/\(id)", token: declarant).json["history"] as? [[String: Any]] ?? []
            #expect(history.compactMap { $0["event"] as? String } == ["release", "passage", "arrival", "termination", "discharge"])
            let audited = try await refusals(dependencies)
            #expect(audited.contains { $0.hasPrefix("transit.declare.refused validation-failed") } && audited.contains { $0.hasPrefix("transit.passage.refused transit-out-of-order") }
                    && audited.contains { $0.hasPrefix("transit.termination.refused transit-reason-required") }, "\(audited)")
            // Another company sees none of it.
            #expect(try await client.call(.get, "/api/v1/transit/movements/\(id)", token: try await client.token("demo-broker")).status == .notFound)
        }
    }

    @Test func aGeneralGuaranteeIsReservedUntilDischargeAndCalledForAFalseTransit() async throws {
        let clock = TestClock()
        try await withTestApp(clock: clock) { client, dependencies in
            let declarant = try await client.token("demo-declarant"), admin = try await client.token("demo-admin")
            let nurZholy = try await client.token("demo-officer")
            let registered = try await client.call(.post, "/api/v1/admin/guarantees", token: admin, json: """
                {"companyBIN":"\(DemoData.traderBIN)","kind":"general","number":"HB-1","amount":"30000000.00","validFrom":"2020-01-01","validTo":"2099-12-31"}
                """)
            #expect(registered.status == .created, "\(registered.text)")
            let guarantee = try #require(registered.json["id"] as? String)
            var particulars = DemoTransit.declaration(plate: "512HBA02", trailer: "13TR02", carnet: nil, guaranteeID: guarantee, variant: 1, seal: "ENS-2")
            let filed = try await client.call(.post, "/api/v1/transit/movements", token: declarant, json: try Self.body(particulars))
            #expect(filed.status == .created, "\(filed.text)")
            let id = try #require(filed.json["id"] as? String), atStake = try #require(filed.json["amountAtStake"] as? String)
            func reserved() async throws -> String? {
                let account = try await client.call(.get, "/api/v1/accounts/\(DemoData.traderBIN)", token: declarant).json
                return (account["guarantees"] as? [[String: Any]])?.first { $0["id"] as? String == guarantee }?["reserved"] as? String
            }
            // The holder sees the reservation on its account.
            #expect(try await reserved() == atStake)
            // A second movement finds too little left: refused, nothing reserved.
            particulars.vehicles = [.init(plate: "777ZZZ02")]
            let exhausted = try await client.call(.post, "/api/v1/transit/movements", token: declarant, json: try Self.body(particulars))
            if Decimal(string: atStake)! * 2 > 30_000_000 {
                #expect(exhausted.status == .unprocessableContent && exhausted.json["code"] as? String == "guarantee-exhausted", "\(exhausted.text)")
            }

            #expect(try await client.call(.post, "/api/v1/transit/movements/\(id)/events", token: nurZholy, json: #"{"event":"release"}"#).status == .ok)
            // 96 hours allowed: one more hour and it is overdue; after the grace period (24 h) a suspected false transit.
            clock.advance(by: 97 * 3600)
            try await TransitWorkflow(dependencies: dependencies).watch()
            var controller = try await client.token("demo-controller")
            var movement = try await client.call(.get, "/api/v1/transit/movements/\(id)", token: controller).json
            #expect(movement["alert"] as? String == "overdue" && movement["claim"] == nil, "\(movement)")
            clock.advance(by: 24 * 3600)
            try await TransitWorkflow(dependencies: dependencies).watch()
            try await TransitWorkflow(dependencies: dependencies).watch()  // a second pass claims nothing twice
            controller = try await client.token("demo-controller")  // a day later: the earlier token has expired
            movement = try await client.call(.get, "/api/v1/transit/movements/\(id)", token: controller).json
            let claim = try #require(movement["claim"] as? [String: Any], "\(movement)")
            #expect(movement["alert"] as? String == "suspected-false-transit" && claim["amount"] as? String == atStake && claim["guarantee"] as? String == guarantee)
            let alerts = try await client.call(.get, "/api/v1/control/alerts?movement=\(id)", token: controller).array
            #expect(Set(alerts.compactMap { $0["rule"] as? String }) == ["overdue", "suspected-false-transit", "seal-silent"], "\(alerts)")  // its electronic seal never reported
            #expect(alerts.contains { ($0["message"] as? String)?.contains("обеспечение взыскивается") == true }, "demo-controller reads Russian")
            let listed = try await client.call(.get, "/api/v1/transit/movements?alerted=true", token: controller).array
            #expect(listed.map { $0["id"] as? String } == [id])
            let claims = try await dependencies.store.read { try await $0.auditLog.records(after: 0, limit: 100_000) }.filter { $0.entry.action == "guarantee.claim" }
            #expect(claims.count == 1 && claims[0].entry.objectID == id)
        }
    }

    @Test func theDemoCorridorHasMovementsInEveryStateAndADayOfCheckpointEvents() async throws {
        try await withTestApp(liveDemo: true) { client, _ in
            let controller = try await client.token("demo-controller")
            let movements = try await client.call(.get, "/api/v1/transit/movements", token: controller).array
            #expect(Set(movements.compactMap { $0["status"] as? String }) == Set(TransitStatus.allCases.map(\.rawValue)), "\(movements)")
            #expect(Set(movements.compactMap { $0["alert"] as? String }) == ["overdue", "suspected-false-transit"])
            let alerts = try await client.call(.get, "/api/v1/control/alerts?all=true", token: controller).array
            let rules = Set(alerts.compactMap { $0["rule"] as? String })
            #expect(rules.isSuperset(of: ["overweight", "radiation", "route-deviation", "no-open-movement", "overdue", "suspected-false-transit"]), "\(rules)")
            #expect(Set(alerts.compactMap { $0["status"] as? String }) == ["open", "assigned", "acknowledged", "resolved"])
            let queue = try await client.call(.get, "/api/v1/public/checkpoints/55201010/queue?direction=exit").json
            #expect(queue["trucksPerHour"] as? Int == 60 && (queue["slots"] as? [Any])?.count == 24, "\(queue)")
        }
    }
}
