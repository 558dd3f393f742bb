import Foundation
import HTTPTypes
import HummingbirdTesting
import KeruenCore
@testable import KeruenServer
import KeruenTestSupport
import Testing

/// Checkpoint devices through the API: batches refused whole or kept whole, resent batches counted once,
/// events placed by their own time and matched to movements, the alert rules with their evidence, the
/// control centre's handling of alerts, and the electronic queue from booking to departure.
@Suite struct BorderAPITests {
    static func iso(_ date: Date) -> String { date.formatted(.iso8601) }

    static func batch(_ events: [String]) -> String { #"{"events":[\#(events.joined(separator: ","))]}"# }

    /// A released movement of 512HBA02 (trailer 13TR02) with electronic seal ENS-2, Nur Zholy → Almaty → Syrym.
    func releasedMovement(_ client: some TestClientProtocol) async throws -> (id: String, number: String) {
        let declaration = DemoTransit.declaration(plate: "512HBA02", trailer: "13TR02", carnet: "XE 55500011", guaranteeID: nil, variant: 1, seal: "ENS-2")
        let filed = try await client.call(.post, "/api/v1/transit/movements", token: try await client.token("demo-declarant"),
                                          json: try TransitAPITests.body(declaration))
        let id = try #require(filed.json["id"] as? String, "\(filed.text)")
        let released = try await client.call(.post, "/api/v1/transit/movements/\(id)/events", token: try await client.token("demo-officer"), json: #"{"event":"release"}"#)
        #expect(released.json["status"] as? String == "released")
        return (id, try #require(filed.json["number"] as? String))
    }

    @Test func aBatchIsKeptOnceMatchedToItsMovementAndJudgedByTheRules() async throws {
        try await withTestApp { client, dependencies in
            let (id, number) = try await releasedMovement(client)
            let device = try await client.token("demo-nz-seals"), camera = try await client.token("demo-nz-camera")
            let t = { (minutes: Double) in Self.iso(Date() - minutes * 60) }

            // Malformed or unauthenticated batches are refused whole, with every reason; nothing is kept.
            let malformed = Self.batch([
                #"{"id":"e1","time":"\#(t(5))","type":"position","plate":"512HBA02","latitude":95,"longitude":80}"#,
                #"{"id":"e2","time":"\#(t(4))","type":"weighing","axleLoadsKg":[8000]}"#,
                #"{"id":"e3","time":"\#(Self.iso(Date() + 3600))","type":"seal","sealId":"ENS-2","state":"intact"}"#,
            ])
            let refused = try await client.call(.post, "/api/v1/devices/events", token: device, json: malformed)
            #expect(refused.status == .unprocessableContent && refused.errorPointers.contains("/events/1/grossKg"), "\(refused.text)")
            let refusedAgain = try await client.call(.post, "/api/v1/devices/events", token: device, json: Self.batch([
                #"{"id":"e1","time":"\#(t(5))","type":"position","plate":"512HBA02","latitude":95,"longitude":80}"#,
                #"{"id":"e3","time":"\#(Self.iso(Date() + 3600))","type":"seal","sealId":"ENS-2","state":"intact"}"#,
            ]))
            #expect(Set(refusedAgain.errorPointers) == ["/events/0/point", "/events/1/time"], "\(refusedAgain.text)")
            // Unreadable events are named by their place in the batch.
            for (event, pointer) in [(#"{"id":"u1","time":"yesterday","type":"scan","imageSha256":"ab"}"#, "/events/0/time"),
                                     (#"{"id":"u2","time":"\#(t(1))","type":"teleport"}"#, "/events/0/type"),
                                     (#"{"id":"u3","time":"\#(t(1))","type":"plate","camera":"c","lane":"one","plate":"A","confidence":1}"#, "/events/0/lane")] {
                let unreadable = try await client.call(.post, "/api/v1/devices/events", token: device, json: Self.batch([event]))
                #expect(unreadable.status == .badRequest && unreadable.errorPointers == [pointer], "\(unreadable.text)")
            }
            #expect(try await client.call(.post, "/api/v1/devices/events", json: Self.batch([])).status == .unauthorized)
            #expect(try await client.call(.post, "/api/v1/devices/events", token: try await client.token("demo-officer"),
                                          json: Self.batch([#"{"id":"x","time":"\#(t(1))","type":"radiation","microsievertsPerHour":0.1,"alarm":false}"#])).status == .forbidden)
            #expect(try await client.call(.get, "/api/v1/transit/movements/\(id)/track", token: try await client.token("demo-controller")).array.isEmpty)

            // Positions sent out of order are placed by their own time; one is 60 km off the declared line.
            let positions = Self.batch([
                #"{"id":"p3","time":"\#(t(10))","type":"position","plate":"512 HBA 02","latitude":44.0,"longitude":79.0}"#,
                #"{"id":"p1","time":"\#(t(30))","type":"position","plate":"512HBA02","latitude":44.215,"longitude":80.367}"#,
                #"{"id":"p2","time":"\#(t(20))","type":"position","plate":"512HBA02","latitude":43.3,"longitude":78.5}"#,
                #"{"id":"s1","time":"\#(t(15))","type":"seal","sealId":"ENS-2","state":"opened"}"#,
            ])
            let kept = try await client.call(.post, "/api/v1/devices/events", token: device, json: positions)
            #expect(kept.json["accepted"] as? Int == 4 && kept.json["duplicates"] as? Int == 0, "\(kept.text)")
            let raised = (kept.json["alerts"] as? [[String: Any]] ?? []).compactMap { $0["rule"] as? String }
            #expect(raised.sorted() == ["route-deviation", "seal-opened"], "\(kept.text)")
            // The device resends the batch after a timeout: nothing is created twice.
            let resent = try await client.call(.post, "/api/v1/devices/events", token: device, json: positions)
            #expect(resent.json["accepted"] as? Int == 0 && resent.json["duplicates"] as? Int == 4 && (resent.json["alerts"] as? [Any])?.isEmpty == true)
            let track = try await client.call(.get, "/api/v1/transit/movements/\(id)/track", token: try await client.token("demo-controller")).array
            #expect(track.compactMap { $0["longitude"] as? Double } == [80.367, 78.5, 79.0], "\(track)")

            // Weighing against the limits in force; a radiation alarm; a plate read with the movement's document but another truck.
            let checkpoint = try await client.call(.post, "/api/v1/devices/events", token: camera, json: Self.batch([
                #"{"id":"w1","time":"\#(t(3))","type":"weighing","grossKg":46500,"axleLoadsKg":[7000,12400,9000,9000,9100],"lengthM":16.5,"heightM":4.3}"#,
                #"{"id":"r1","time":"\#(t(2))","type":"radiation","microsievertsPerHour":3.4,"alarm":true}"#,
                #"{"id":"c1","time":"\#(t(1))","type":"plate","camera":"NZ-IN-1","lane":2,"plate":"999XYZ02","confidence":0.93,"reference":"\#(number)"}"#,
                #"{"id":"c2","time":"\#(t(1))","type":"plate","camera":"NZ-IN-1","lane":3,"plate":"404NOP02","confidence":0.91}"#,
                #"{"id":"c3","time":"\#(t(1))","type":"plate","camera":"NZ-IN-1","lane":4,"plate":"13TR02","confidence":0.95}"#,
            ]))
            let alerts = checkpoint.json["alerts"] as? [[String: Any]] ?? []
            #expect(alerts.compactMap { $0["rule"] as? String }.sorted()
                    == ["axle-overload", "no-open-movement", "oversize", "overweight", "plate-mismatch", "radiation"], "\(checkpoint.text)")
            let overweight = try #require(alerts.first { $0["rule"] as? String == "overweight" })
            #expect((overweight["evidence"] as? [String: String]) == ["measured": "46500", "limit": "40000", "axles": "5"])
            #expect(overweight["message"] as? String == "Overweight: 46500 kg on 5 axles, limit 40000 kg")
            #expect(alerts.first { $0["rule"] as? String == "plate-mismatch" }?["movementId"] as? String == id)

            // A stricter set of limits from today on: the same weighing judged again raises at the new limit.
            let admin = try await client.token("demo-admin")
            let limits = #"{"validFrom":"\#(CustomsDay(containing: Date()).description)","grossKgByAxles":{"5":38000},"axleKg":10000,"lengthM":20,"widthM":2.55,"heightM":4}"#
            #expect(try await client.call(.post, "/api/v1/admin/vehicle-limits", token: admin, json: limits).status == .created)
            let strict = try await client.call(.post, "/api/v1/devices/events", token: camera, json: Self.batch([
                #"{"id":"w2","time":"\#(t(1))","type":"weighing","grossKg":39000,"axleLoadsKg":[7000,8000,8000,8000,8000]}"#,
            ]))
            #expect((strict.json["alerts"] as? [[String: Any]])?.first?["evidence"] as? [String: String] == ["measured": "39000", "limit": "38000", "axles": "5"])
            let stored = try await dependencies.store.read { try await $0.sql.raw("SELECT COUNT(*) AS n FROM device_events").first()!.decode(column: "n", as: Int.self) }
            #expect(stored == 10)
        }
    }

    @Test func theControlCentreAssignsAcknowledgesAndResolvesAnAlert() async throws {
        try await withTestApp { client, dependencies in
            let camera = try await client.token("demo-nz-radiation"), controller = try await client.token("demo-controller")
            let sent = try await client.call(.post, "/api/v1/devices/events", token: camera, json: Self.batch([
                #"{"id":"r1","time":"\#(Self.iso(Date()))","type":"radiation","microsievertsPerHour":5.1,"alarm":true}"#,
            ]))
            let id = try #require((sent.json["alerts"] as? [[String: Any]])?.first?["id"] as? String)
            let alert = "/api/v1/control/alerts/\(id)"
            #expect(try await client.call(.get, "/api/v1/control/alerts", token: try await client.token("demo-declarant")).status == .forbidden)
            let unknown = try await client.call(.put, "\(alert)/assignment", token: controller, json: #"{"officer":"demo-declarant"}"#)
            #expect(unknown.status == .unprocessableContent && unknown.errorPointers == ["/officer"])
            #expect(try await client.call(.put, "\(alert)/assignment", token: controller, json: #"{"officer":"demo-officer"}"#).json["status"] as? String == "assigned")
            let acknowledged = try await client.call(.post, "\(alert)/acknowledgement", token: try await client.token("demo-officer"))
            #expect(acknowledged.json["status"] as? String == "acknowledged" && acknowledged.json["acknowledgedBy"] as? String == "demo-officer")
            let noNote = try await client.call(.post, "\(alert)/resolution", token: controller, json: #"{"note":"  "}"#)
            #expect(noNote.status == .unprocessableContent && noNote.errorPointers == ["/note"])
            let resolved = try await client.call(.post, "\(alert)/resolution", token: controller, json: #"{"note":"Ceramic tiles; scan normal."}"#)
            #expect(resolved.json["status"] as? String == "resolved" && resolved.json["note"] as? String == "Ceramic tiles; scan normal.")
            let again = try await client.call(.post, "\(alert)/acknowledgement", token: controller)
            #expect(again.status == .conflict && again.json["code"] as? String == "alert-out-of-order")
            #expect(try await client.call(.get, "/api/v1/control/alerts", token: controller).array.isEmpty)
            #expect(try await client.call(.get, "/api/v1/control/alerts?all=true", token: controller).array.count == 1)
            let trail = try await dependencies.store.read { try await $0.auditLog.records(after: 0, limit: 100_000) }.filter { $0.entry.objectID == id }.map(\.entry.action)
            #expect(trail == ["alert.assign.refused", "alert.assign", "alert.acknowledge", "alert.resolve.refused", "alert.resolve", "alert.acknowledge.refused"], "\(trail)")
        }
    }

    @Test func aCarrierBooksASlotAndThePlateCameraChecksItIn() async throws {
        try await withTestApp { client, dependencies in
            let carrier = try await client.token("demo-declarant"), camera = try await client.token("demo-nz-camera")
            let now = Date()
            let slot = QueueEntry.slot(containing: now + 3600)
            let book = { (plate: String, at: Date) in
                try await client.call(.post, "/api/v1/checkpoints/55201010/bookings", token: carrier,
                                      json: #"{"direction":"entry","slotStart":"\#(Self.iso(at))","plate":"\#(plate)"}"#)
            }
            let booked = try await book("345 KTA 02", slot)
            #expect(booked.status == .created && booked.json["status"] as? String == "booked" && booked.json["plate"] as? String == "345KTA02", "\(booked.text)")
            #expect(try await book("345KTA02", slot + 3600).json["code"] as? String == "vehicle-already-queued")
            let notADate = try await client.call(.post, "/api/v1/checkpoints/55201010/bookings", token: carrier,
                                                 json: #"{"direction":"entry","slotStart":"tomorrow at nine","plate":"111AAA02"}"#)
            #expect(notADate.status == .badRequest && notADate.text.contains("tomorrow at nine"), "\(notADate.text)")
            let notOnTheHour = try await book("111AAA02", slot + 600)
            #expect(notOnTheHour.status == .unprocessableContent && notOnTheHour.errorPointers == ["/slotStart"])
            #expect(try await client.call(.post, "/api/v1/checkpoints/55101010/bookings", token: carrier,
                                          json: #"{"direction":"entry","slotStart":"\#(Self.iso(slot))","plate":"111AAA02"}"#).status == .notFound)
            // The hour holds 60 trucks at Nur Zholy: the 61st is refused.
            for n in 1..<60 { #expect(try await book(String(format: "%03dQQQ02", n), slot).status == .created) }
            let full = try await book("999QQQ02", slot)
            #expect(full.status == .conflict && full.json["code"] as? String == "slot-full")
            var queue = try await client.call(.get, "/api/v1/public/checkpoints/55201010/queue?direction=entry").json
            #expect((queue["slots"] as? [[String: Any]])?.first { $0["start"] as? String == Self.iso(slot) }?["free"] as? Int == 0)

            // Within its hour's window the plate camera checks the booking in; the queue shows it waiting with the expected wait.
            let arrival = #"{"id":"a1","time":"\#(Self.iso(now))","type":"plate","camera":"NZ-IN-1","lane":1,"plate":"345KTA02","confidence":0.97}"#
            #expect(try await client.call(.post, "/api/v1/devices/events", token: camera, json: Self.batch([arrival])).status == .ok)
            queue = try await client.call(.get, "/api/v1/public/checkpoints/55201010/queue?direction=entry").json
            #expect(queue["waiting"] as? Int == 1 && queue["expectedWaitMinutes"] as? Int == 1, "\(queue)")
            let mine = try await client.call(.get, "/api/v1/bookings", token: carrier).array
            #expect(mine.first { $0["plate"] as? String == "345KTA02" }?["status"] as? String == "waiting")
            let departure = #"{"id":"d1","time":"\#(Self.iso(now))","type":"plate","camera":"NZ-OUT-1","lane":1,"plate":"345KTA02","confidence":0.97,"gate":"departure"}"#
            _ = try await client.call(.post, "/api/v1/devices/events", token: camera, json: Self.batch([departure]))
            #expect(try await client.call(.get, "/api/v1/public/checkpoints/55201010/queue?direction=entry").json["waiting"] as? Int == 0)

            // A booking is cancelled by its carrier; one whose truck never came lapses and frees its slot.
            let other = try #require(mine.first { $0["plate"] as? String == "001QQQ02" }?["id"] as? String)
            #expect(try await client.call(.delete, "/api/v1/bookings/\(other)", token: try await client.token("demo-broker")).status == .notFound)
            #expect(try await client.call(.delete, "/api/v1/bookings/\(other)", token: carrier).json["status"] as? String == "cancelled")
            let lapsed = try await dependencies.store.write { try await $0.border.lapseBookings(before: slot + QueueEntry.lateArrival + 1) }
            #expect(lapsed.count == 58)
        }
    }

    @Test func anAdministratorSetsACheckpointsQueueCapacity() async throws {
        try await withTestApp { client, dependencies in
            let admin = try await client.token("demo-admin"), carrier = try await client.token("demo-declarant")
            let path = "/api/v1/admin/checkpoints/55301020/queue-capacity"
            #expect(try await client.call(.put, path, token: carrier, json: #"{"trucksPerHour":2}"#).status == .forbidden)
            #expect(try await client.call(.put, path, token: admin, json: #"{"trucksPerHour":0}"#).errorPointers == ["/trucksPerHour"])
            #expect(try await client.call(.put, "/api/v1/admin/checkpoints/55201020/queue-capacity", token: admin, json: #"{"trucksPerHour":2}"#).status == .notFound)
            #expect(try await client.call(.put, path, token: admin, json: #"{"trucksPerHour":2}"#).json["trucksPerHour"] as? Int == 2)
            #expect(try await client.call(.get, "/api/v1/public/checkpoints/55301020/queue").json["trucksPerHour"] as? Int == 2)
            let slot = QueueEntry.slot(containing: Date() + 7200)
            for (plate, expected) in [("101AAA02", HTTPResponse.Status.created), ("102AAA02", .created), ("103AAA02", .conflict)] {
                let booked = try await client.call(.post, "/api/v1/checkpoints/55301020/bookings", token: carrier,
                                                   json: #"{"direction":"exit","slotStart":"\#(Self.iso(slot))","plate":"\#(plate)"}"#)
                #expect(booked.status == expected, "\(plate): \(booked.text)")
            }
            let trail = try await dependencies.store.read { try await $0.auditLog.records(after: 0, limit: 100_000) }.map(\.entry.action)
            #expect(trail.filter { $0 == "queue.capacity" }.count == 1 && trail.filter { $0 == "queue.capacity.refused" }.count == 2, "\(trail.suffix(8))")
        }
    }
}
