import Foundation
import KeruenCore
import Testing

@Suite struct ClearanceTimeTests {
    let start = Date(timeIntervalSince1970: 1_780_000_000)

    func history(_ steps: [(DeclarationStatus, TimeInterval)]) -> [StatusChange] {
        steps.map { StatusChange(status: $0.0, at: start + $0.1, actor: "x") }
    }

    @Test func theClockRunsFromRegistrationToTheDecisionAgainstFourHours() {
        #expect(ClearanceTime(history: history([(.submitted, 0)])) == nil)
        let open = ClearanceTime(history: history([(.submitted, 0), (.registered, 1)]))!
        #expect(open.standing(at: start + 3600) == .running)
        #expect(open.standing(at: start + 1 + 3 * 3600) == .nearLimit)
        #expect(open.standing(at: start + 2 + 4 * 3600) == .overdue)
        #expect(ClearanceTime.text(open.elapsed(at: start + 1 + 3900)) == "1 h 05 min")

        let quick = ClearanceTime(history: history([(.submitted, 0), (.registered, 1), (.released, 1 + 5400)]))!
        #expect(quick.standing(at: start + 86_400) == .withinLimit && quick.elapsed(at: start + 86_400) == 5400)
        let slow = ClearanceTime(history: history([(.registered, 0), (.releaseRefused, 5 * 3600)]))!
        #expect(slow.standing(at: start + 86_400) == .late)
    }

    @Test func theClockStandsStillWhileTheDeclarantIsAskedForDocuments() {
        func request(_ asked: TimeInterval, _ answered: TimeInterval?) -> DocumentRequest {
            DocumentRequest(id: "r\(asked)", declarationID: "d", text: "contract", requestedBy: "aida", requestedAt: start + asked,
                            answer: answered.map { DocumentRequest.Answer(text: "here", attachments: [], answeredBy: "trader", answeredAt: start + $0) })
        }
        let steps = history([(.registered, 0)])
        let waiting = ClearanceTime(history: steps, requests: [request(3600, nil)])!
        #expect(waiting.standing(at: start + 10 * 3600) == .waiting && waiting.elapsed(at: start + 10 * 3600) == 3600)
        // Two requests overlapping by an hour: the declarant's time is counted once (1 h to 4 h, 3 h to 5 h: four hours).
        let answered = ClearanceTime(history: steps, requests: [request(3600, 4 * 3600), request(3 * 3600, 5 * 3600)])!
        #expect(answered.waited(at: start + 6 * 3600) == 4 * 3600 && answered.elapsed(at: start + 6 * 3600) == 2 * 3600)
        #expect(answered.standing(at: start + 6 * 3600) == .running && answered.standing(at: start + 7.5 * 3600) == .nearLimit)
        // Decided while a request was open: the wait ends with the decision.
        let decided = ClearanceTime(history: history([(.registered, 0), (.released, 3 * 3600)]), requests: [request(3600, nil)])!
        #expect(decided.elapsed(at: start + 86_400) == 3600 && decided.standing(at: start + 86_400) == .withinLimit)
    }

    @Test func statisticsGiveNearestRankPercentilesAndTheShareWithinTheLimit() {
        let figures = ClearanceStatistics.Figures(times: (1...10).reversed().map { Double($0) * 3600 })
        #expect(figures.count == 10 && figures.median == 5 * 3600 && figures.percentile90 == 9 * 3600 && figures.withinLimit == 4)
        #expect(figures.shareWithinLimit == 0.4)
        #expect(ClearanceStatistics.Figures(times: [7200]).percentile90 == 7200 && ClearanceStatistics.Figures(times: []).median == 0)
        // Grouped per post: an undecided declaration counts nowhere.
        func release(_ office: String, _ hours: Double?) -> ClearanceStatistics.Release {
            .init(officeCode: office, channel: .yellow, time: ClearanceTime(registeredAt: start, decidedAt: hours.map { start + $0 * 3600 }, requests: []))
        }
        let perPost = ClearanceStatistics(releases: [release("55201010", 1), release("55201010", 5), release("55201020", 2), release("55201020", nil)]).perPost
        #expect(perPost.map(\.key.officeCode) == ["55201010", "55201020"] && perPost.map(\.figures.count) == [2, 1])
        #expect(perPost[0].figures.median == 3600 && perPost[0].figures.withinLimit == 1)
    }

    @Test func eachStepOfControlShowsHowLongItLasted() {
        let steps = history([(.draft, -600), (.submitted, 0), (.registered, 0), (.registered, 1800), (.registered, 5400), (.released, 7200), (.released, 9000)])
        #expect(ClearanceTime.stages(of: steps, at: start + 86_400) == [nil, nil, 1800, 3600, 1800, nil, nil])
        // Undecided: the last step runs until now.
        #expect(ClearanceTime.stages(of: Array(steps.prefix(4)), at: start + 2400) == [nil, nil, 1800, 600])
        #expect(ClearanceTime.stages(of: Array(steps.prefix(2)), at: start) == [nil, nil])
    }
}
