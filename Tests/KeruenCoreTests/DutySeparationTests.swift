import Foundation
import KeruenCore
import Testing

/// Who may act on a declaration in control.
@Suite struct DutySeparationTests {
    let bin = "180340021791"

    func control(assigned: String?, channel: Channel = .yellow, examinations: [Examination] = []) -> DutySeparation.Case {
        DutySeparation.Case(declarantBIN: bin, representativeBIN: nil, assignedOfficer: assigned, channel: channel, examinations: examinations)
    }

    func examination(orderedBy: String, outcome: ControlResult.Outcome?) -> Examination {
        Examination(id: "e", declarationID: "d", type: .fullExamination, scope: "all", place: "bay", examiner: orderedBy, orderedBy: orderedBy,
                    orderedAt: Date(timeIntervalSince1970: 0),
                    result: outcome.map { Examination.Result(outcome: $0, violationKind: $0.foundViolation ? .quantity : nil, findings: "f", sealsApplied: [],
                                                             sealsRemoved: [], attachments: [], conclusion: "c", recordedBy: orderedBy,
                                                             recordedAt: Date(timeIntervalSince1970: 60)) })
    }

    @Test func theAssignedOfficerActsOthersOnlyAsSupervisorOrExaminer() {
        let officer = DutySeparation(actor: "aida", isSupervisor: false, connectedBINs: [])
        let supervisor = DutySeparation(actor: "saule", isSupervisor: true, connectedBINs: [])
        #expect(officer.refusal(of: .decide(.release), in: control(assigned: "aida")) == nil)
        #expect(officer.refusal(of: .decide(.release), in: control(assigned: "bolat")) == .notAssigned)
        #expect(officer.refusal(of: .requestDocuments, in: control(assigned: nil)) == .notAssigned)
        #expect(supervisor.refusal(of: .decide(.release), in: control(assigned: "bolat")) == nil)
        // The examiner named in the order records its result though the declaration is another's.
        #expect(officer.refusal(of: .recordExamination(examiner: "aida"), in: control(assigned: "bolat")) == nil)
        #expect(officer.refusal(of: .recordExamination(examiner: "bolat"), in: control(assigned: "marat")) == .notAssigned)
        // After release, corrections are post-clearance control: not only the assigned officer's.
        #expect(officer.refusal(of: .correctReleased, in: control(assigned: "bolat")) == nil)
    }

    @Test func aConnectionStopsEveryoneEvenASupervisor() {
        for isSupervisor in [false, true] {
            let connected = DutySeparation(actor: "aida", isSupervisor: isSupervisor, connectedBINs: [bin])
            #expect(connected.refusal(of: .decide(.refuseRelease), in: control(assigned: "aida")) == .connectedCompany)
            #expect(connected.refusal(of: .correctReleased, in: control(assigned: "aida")) == .connectedCompany)
        }
        var represented = control(assigned: "aida")
        (represented.declarantBIN, represented.representativeBIN) = ("111111111110", bin)
        #expect(DutySeparation(actor: "aida", isSupervisor: false, connectedBINs: [bin]).refusal(of: .orderExamination, in: represented) == .connectedCompany)
    }

    @Test func whoOrderedAnExaminationThatFoundAViolationOfARedDeclarationDoesNotReleaseAlone() {
        let officer = DutySeparation(actor: "aida", isSupervisor: false, connectedBINs: [])
        let violation = [examination(orderedBy: "aida", outcome: .violation)]
        #expect(officer.refusal(of: .decide(.release), in: control(assigned: "aida", channel: .red, examinations: violation)) == .supervisorApprovalRequired)
        // He may refuse release; nothing found, or yellow, or ordered by someone else: he may release.
        #expect(officer.refusal(of: .decide(.refuseRelease), in: control(assigned: "aida", channel: .red, examinations: violation)) == nil)
        #expect(officer.refusal(of: .decide(.release), in: control(assigned: "aida", channel: .red,
                                                                  examinations: [examination(orderedBy: "aida", outcome: .noViolation)])) == nil)
        #expect(officer.refusal(of: .decide(.release), in: control(assigned: "aida", channel: .yellow, examinations: violation)) == nil)
        #expect(officer.refusal(of: .decide(.release), in: control(assigned: "aida", channel: .red,
                                                                  examinations: [examination(orderedBy: "bolat", outcome: .seizure)])) == nil)
        #expect(DutySeparation(actor: "saule", isSupervisor: true, connectedBINs: [])
                    .refusal(of: .decide(.release), in: control(assigned: "aida", channel: .red, examinations: violation)) == nil)
    }

    @Test func filesAreRecognisedByTheirBytesNotTheirNames() {
        #expect(Attachment.MediaType.of([0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10]) == .jpeg)
        #expect(Attachment.MediaType.of([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0]) == .png)
        #expect(Attachment.MediaType.of([0x4D, 0x4D, 0x00, 0x2A]) == .tiff && Attachment.MediaType.of([0x49, 0x49, 0x2A, 0x00]) == .tiff)
        #expect(Attachment.MediaType.of(Array("%PDF-1.7".utf8)) == .pdf)
        #expect(Attachment.MediaType.of(Array("GIF89a".utf8)) == nil && Attachment.MediaType.of(Array("<html>%PDF-".utf8)) == nil)
        #expect(Attachment.MediaType.of([0xFF, 0xD8]) == nil && Attachment.MediaType.of([UInt8]()) == nil)
    }
}
