import Foundation
import KeruenCore
import Testing

/// A transit movement from an office of departure through two offices of transit to its destination, with
/// the events an office may record and the ones that do not fit where the movement stands.
@Suite struct TransitMovementTests {
    static let departure = "55201000", border = "55202000", inland = "55203000", destination = "55204000", other = "55205000"
    let start = Date(timeIntervalSince1970: 1_780_000_000)
    let day: TimeInterval = 86_400

    func movement() -> TransitMovement {
        TransitMovement(id: "T1", departureOffice: Self.departure, route: [Self.border, Self.inland], destinationOffice: Self.destination,
                        timeAllowed: 3 * day)
    }

    @Test func aMovementGoesFromReleaseToDischargeInOrder() throws {
        var transit = movement()
        #expect(transit.deadline == nil)
        try transit.apply(.release, at: start)
        #expect(transit.status == .released && transit.deadline == start + 3 * day)
        try transit.apply(.passage(office: Self.border), at: start + day)
        #expect(throws: TransitRefusal.officeNotOnRoute) { try transit.apply(.passage(office: Self.border), at: start + day) }
        #expect(throws: TransitRefusal.officeNotOnRoute) { try transit.apply(.passage(office: Self.other), at: start + day) }
        try transit.apply(.incident(TransitIncident(kind: .sealBroken, report: "Seal 12 broken on a pothole; resealed by police.", place: Self.border)),
                          at: start + day)
        try transit.apply(.arrival(office: Self.destination), at: start + 2 * day)
        // The inland office never recorded the passage: shown, not refused.
        #expect(transit.unpassedOffices == [Self.inland])
        try transit.apply(.termination(sealsIntact: true, reservation: nil), at: start + 2 * day)
        #expect(throws: TransitRefusal.outOfOrder) { try transit.apply(.arrival(office: Self.destination), at: start + 2 * day) }
        try transit.apply(.discharge, at: start + 2 * day)
        #expect(transit.status == .discharged && transit.incidents.count == 1 && transit.termination?.sealsIntact == true)
    }

    @Test func eventsOutOfOrderAreRefusedAndChangeNothing() throws {
        var transit = movement()
        for event: TransitEvent in [.passage(office: Self.border), .arrival(office: Self.destination), .discharge,
                                    .termination(sealsIntact: true, reservation: nil)] {
            #expect(throws: TransitRefusal.outOfOrder) { try transit.apply(event, at: start) }
        }
        #expect(transit == movement())
        try transit.apply(.release, at: start)
        #expect(throws: TransitRefusal.outOfOrder) { try transit.apply(.release, at: start) }
        #expect(throws: TransitRefusal.notTheDestination) { try transit.apply(.arrival(office: Self.other), at: start) }
    }

    @Test func aDiversionMovesTheDestinationAndNeedsAReason() throws {
        var transit = movement()
        try transit.apply(.release, at: start)
        #expect(throws: TransitRefusal.reasonRequired) { try transit.apply(.diversion(to: Self.other, reason: "  "), at: start) }
        #expect(throws: TransitRefusal.sameDestination) { try transit.apply(.diversion(to: Self.destination, reason: "Road closed"), at: start) }
        try transit.apply(.diversion(to: Self.other, reason: "Road closed at Kapchagay"), at: start + day)
        #expect(throws: TransitRefusal.notTheDestination) { try transit.apply(.arrival(office: Self.destination), at: start + day) }
        try transit.apply(.arrival(office: Self.other), at: start + day)
        #expect(transit.diversions.map { "\($0.from)→\($0.to)" } == ["\(Self.destination)→\(Self.other)"])
        // Broken seals at destination are a termination with reservation: the reservation must say what was found.
        #expect(throws: TransitRefusal.reasonRequired) { try transit.apply(.termination(sealsIntact: false, reservation: nil), at: start + day) }
        try transit.apply(.termination(sealsIntact: false, reservation: "Seal 14 missing; 2 packages short"), at: start + day)
        #expect(transit.termination?.reservation == "Seal 14 missing; 2 packages short")
    }

    @Test func aLateMovementIsOverdueThenASuspectedFalseTransit() throws {
        var transit = movement()
        #expect(transit.alert(at: start + 10 * day, grace: day) == nil)  // not released: no clock yet
        try transit.apply(.release, at: start)
        #expect(transit.alert(at: start + 3 * day, grace: day) == nil)
        #expect(transit.alert(at: start + 3 * day + 1, grace: day) == .overdue)
        #expect(transit.alert(at: start + 4 * day + 1, grace: day) == .suspectedFalseTransit)
        try transit.apply(.arrival(office: Self.destination), at: start + 5 * day)
        #expect(transit.alert(at: start + 6 * day, grace: day) == nil)
    }

    @Test func aTIRCarnetNumberIsTwoLettersAndEightDigits() {
        #expect(TIRCarnet.normalized("xe 12345678") == "XE12345678")
        for wrong in ["XE1234567", "X112345678", "XE123456789", "XE1234567A", "", "ХЕ12345678"] {
            #expect(TIRCarnet.normalized(wrong) == nil, "\(wrong)")
        }
    }

    @Test func aTerminationRecordForTheGuaranteeChainCarriesTheSafeTIRFields() throws {
        var transit = movement()
        #expect(TIRTermination(carnet: "XE12345678", movement: transit, country: "KZ", reference: "55204000/011226/0000007", packages: 12,
                               discharge: .final) == nil)  // not terminated yet
        try transit.apply(.release, at: start)
        try transit.apply(.arrival(office: Self.destination), at: start + day)
        try transit.apply(.termination(sealsIntact: false, reservation: "Seal 14 missing"), at: start + day)
        #expect(TIRTermination(carnet: "12345678", movement: transit, country: "KZ", reference: "R", packages: 12, discharge: .final) == nil)
        let record = try #require(TIRTermination(carnet: "xe 12345678", movement: transit, country: "KZ", reference: "55204000/011226/0000007",
                                                 packages: 12, discharge: .final))
        #expect(record.carnetNumber == "XE12345678" && record.customsOffice == Self.destination && record.withReservation)
        #expect(record.reservation == "Seal 14 missing" && record.terminatedOn == CustomsDay(containing: start + day) && record.message == .new)
    }

    @Test func containerNumbersCarryTheirISO6346CheckDigit() {
        #expect(ContainerNumber.normalized("csqu 305438-3") == "CSQU3054383")
        #expect(ContainerNumber.normalized("CSQU3054384") == nil)  // one digit off
        #expect(ContainerNumber.normalized("MSKU1234565") == "MSKU1234565")
        #expect(ContainerNumber.normalized("CSQX3054383") == nil)  // no such category
    }

    @Test func eventsReadBackAsTheyWereKeptAndRebuildTheMovement() throws {
        let events: [TransitEvent] = [.release, .passage(office: "B"), .incident(TransitIncident(kind: .transhipment, report: "Moved to 01TR", place: "B")),
                                      .diversion(to: "D", reason: "Border closed"), .arrival(office: "D"), .termination(sealsIntact: false, reservation: "Seal cut"), .discharge]
        let decoded = try JSONDecoder().decode([TransitEvent].self, from: try JSONEncoder().encode(events))
        #expect(decoded == events)
        var movement = TransitMovement(id: "m", departureOffice: "A", route: ["B"], destinationOffice: "C", timeAllowed: 3600)
        for (index, event) in decoded.enumerated() { try movement.apply(event, at: Date(timeIntervalSince1970: Double(index))) }
        #expect(movement.status == .discharged && movement.destinationOffice == "D" && movement.termination?.reservation == "Seal cut")
    }

    @Test func aBookingChecksInFromAnHourBeforeItsSlotToTwoHoursAfter() {
        let slot = QueueEntry.slot(containing: Date(timeIntervalSince1970: 1_800_000_000))
        #expect(slot.timeIntervalSince1970.truncatingRemainder(dividingBy: 3600) == 0)
        let booking = QueueEntry(id: "q", checkpoint: "55201010", direction: .entry, plate: "345KTA02", slotStart: slot, carrierBIN: "1", status: .booked,
                                 createdAt: slot - 86_400)
        #expect(!booking.checksIn(at: slot - 3601) && booking.checksIn(at: slot - 3600) && booking.checksIn(at: slot + 7200) && !booking.checksIn(at: slot + 7201))
        #expect(QueueEntry.expectedWait(waiting: 90, trucksPerHour: 60) == 5400)
    }

    @Test func aPointAlongTheGreatCircleIsOnTheRouteItIsJudgedAgainst() {
        let almaty = GeoPoint(latitude: 43.33, longitude: 76.87), syrym = GeoPoint(latitude: 51.67, longitude: 50.64)
        let middle = almaty.point(towards: syrym, fraction: 0.5)
        #expect(middle.distance(toRoute: [almaty, syrym]) < 1)
        #expect(abs(middle.distance(to: almaty) - middle.distance(to: syrym)) < 1)
        // Halfway in degrees is not on the great circle: 2,000 km legs bow by tens of kilometres.
        #expect(GeoPoint(latitude: 47.5, longitude: 63.755).distance(toRoute: [almaty, syrym]) > 25_000)
    }
}
