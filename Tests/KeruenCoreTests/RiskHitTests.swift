import Foundation
import KeruenCore
import Testing

/// A hit is stored without what its profile version says; reading it back needs that version.
@Suite struct RiskHitTests {
    let measure = RiskMeasure(channel: .red, examination: .scan, instruction: "Scan the trailer.")

    var profile: RiskProfile {
        RiskProfile(id: "RP-1", version: 2, title: "Undervalued tyres", rationale: "Mirror gap.", condition: .test(RiskTest(.commodityCode, .startsWith(["4011"]))),
                    measure: measure, priority: 70, offices: [], validFrom: CustomsDay(year: 2026, month: 1, day: 1), validTo: nil, status: .active,
                    author: "analyst", createdAt: Date(timeIntervalSince1970: 0))
    }

    @Test func aHitIsStoredWithoutItsProfilesWordsAndReadBackWithThem() throws {
        let hit = RiskHit(profileID: "RP-1", version: 2, title: "Undervalued tyres", measure: measure, priority: 70, items: [3],
                          evidence: [RiskHit.Evidence(field: .commodityCode, value: "4011100009", test: "startsWith 4011", item: 3)])
        let stored = try JSONEncoder().encode(hit)
        let text = String(decoding: stored, as: UTF8.self)
        #expect(!text.contains("Undervalued") && !text.contains("Scan the trailer") && text.contains("4011100009"))

        #expect(throws: DecodingError.self) { try JSONDecoder().decode(RiskHit.self, from: stored) }
        let reader = JSONDecoder()
        reader.userInfo[RiskHit.profilesKey] = [profile]
        #expect(try reader.decode(RiskHit.self, from: stored) == hit)

        // A result stored before, with the words in it, reads as it is.
        let before = #"{"profileID":"RP-1","version":2,"title":"Old title","measure":{"channel":"yellow","examination":"documents","instruction":"Check."},"priority":5,"items":[3],"evidence":[]}"#
        let old = try JSONDecoder().decode(RiskHit.self, from: Data(before.utf8))
        #expect(old.title == "Old title" && old.measure.channel == .yellow && old.priority == 5)
    }
}
