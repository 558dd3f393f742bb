import Foundation
import HTTPTypes
import HummingbirdTesting
import KeruenCore
@testable import KeruenServer
import KeruenTestSupport
import Testing

/// The control centre's pages in a browser's place: the live list, an alert handled from the page, a
/// movement's track drawn over its route, a checkpoint's dashboard; the public queue and a carrier's booking.
@Suite struct PortalTransitTests {
    @Test func theControlCentreWorksFromItsPages() async throws {
        try await withTestApp(liveDemo: true) { client, _ in
            var controller = PortalTests.Browser(client: client)
            try await controller.signIn("demo-controller")
            _ = try await controller.get("/language/ru?back=%2Fcontrol")
            let page = try await controller.get("/control")
            #expect(page.status == .ok && page.text.contains(#"data-live="/control/live?mark="#), "\(page.text.prefix(500))")
            // In Russian (the controller's language): the false transit, the overweight truck, the route deviation.
            #expect(page.text.contains("Подозрение на лжетранзит") && page.text.contains("Превышение массы: 47800 кг") && page.text.contains("отклонилось"),
                    "\(page.text.suffix(4000))")
            let csrf = try #require(PortalTests.Browser.csrf(in: page.text))
            let alertID = try #require(page.text.firstMatch(of: /action="\/control\/alerts\/([^\/"]+)\/resolve"/)?.1).description
            let unexplained = try await controller.post("/control/alerts/\(alertID)/resolve", form: [("csrf", csrf), ("back", "/control"), ("note", " ")])
            #expect(unexplained.headers[.location] == "/control?done=problem-alert-required")
            #expect(try await controller.get("/control?done=problem-alert-required").text.contains("опишите, что обнаружено"))
            let resolved = try await controller.post("/control/alerts/\(alertID)/resolve", form: [("csrf", csrf), ("back", "/control"), ("note", "Checked at the booth")])
            #expect(resolved.headers[.location] == "/control?done=alert-handled")
            #expect(!(try await controller.get("/control")).text.contains("/control/alerts/\(alertID)/resolve"))

            // A movement on its way: its track over the route's checkpoints, positions off the route marked.
            let movements = try await client.call(.get, "/api/v1/transit/movements?status=released", token: try await client.token("demo-controller")).array
            let wandering = try #require(movements.first { ($0["number"] as? String) != nil && $0["alert"] == nil }?["id"] as? String)
            let track = try await controller.get("/transit/\(wandering)").text
            #expect(track.contains(#"<svg class="track""#) && track.contains(#"class="route""#) && track.contains("Нур Жолы"), "\(track.suffix(3000))")
            let dashboard = try await controller.get("/checkpoints/55201010").text
            #expect(dashboard.contains(#"<svg class="chart""#) && dashboard.contains("ТС в очереди") && dashboard.contains("Взвешивание"))
            // Traders see none of it.
            var trader = PortalTests.Browser(client: client)
            try await trader.signIn("demo-declarant")
            #expect(try await trader.get("/control").status == .notFound)
        }
    }

    @Test func theQueueIsPublicAndACarrierBooksFromIt() async throws {
        try await withTestApp { client, _ in
            var visitor = PortalTests.Browser(client: client)
            let queues = try await visitor.get("/queue")
            #expect(queues.status == .ok && queues.text.contains("/queue/55201010") && queues.text.contains("/queue/55601010"))
            let english = try await visitor.get("/queue/55201010").text
            #expect(english.contains("Vehicles waiting") && english.contains("Free slots, next 24 hours") && !english.contains("Book a slot"))
            var carrier = PortalTests.Browser(client: client)
            try await carrier.signIn("demo-declarant")
            _ = try await carrier.get("/language/kk?back=%2Fqueue")
            let page = try await carrier.get("/queue/55201010?direction=exit")
            let csrf = try #require(PortalTests.Browser.csrf(in: page.text))
            let slot = try #require(page.text.firstMatch(of: /<option value="([^"]+)">/)?.1).description
            let bad = try await carrier.post("/queue/55201010", form: [("csrf", csrf), ("direction", "exit"), ("plate", "--"), ("slot", slot)])
            #expect(bad.headers[.location] == "/queue/55201010?direction=exit&done=problem-booking-plate")
            let booked = try await carrier.post("/queue/55201010", form: [("csrf", csrf), ("direction", "exit"), ("plate", "345 KTA 02"), ("slot", slot)])
            #expect(booked.headers[.location] == "/queue/55201010?direction=exit&done=slot-booked")
            let after = try await carrier.get("/queue/55201010?direction=exit&done=slot-booked").text
            #expect(after.contains("345KTA02") && after.contains("Орын брондалды"), "\(after.suffix(2000))")
        }
    }
}
