import Foundation

/// The record of a TIR operation's termination that the office of destination sends to the guarantee
/// chain (the SafeTIR fields): which carnet, where and when, under which reference, whether the carnet is
/// discharged in part or in full, with or without reservation, how many packages, new or a correction.
public struct TIRTermination: Sendable, Equatable {
    public enum Discharge: String, Sendable, Codable { case partial, final }
    public enum Message: String, Sendable, Codable { case new, correction }

    public var carnetNumber: String
    /// ISO 3166 alpha-2 of the terminating office's country.
    public var country: String
    public var customsOffice: String
    public var terminatedOn: CustomsDay
    /// The office's own reference of the termination (the transit declaration's number).
    public var reference: String
    public var discharge: Discharge
    public var withReservation: Bool
    public var reservation: String?
    public var packages: Int
    public var message: Message

    /// From a terminated movement: nil until its termination is recorded or if the carnet number is not one.
    public init?(carnet: String, movement: TransitMovement, country: String, reference: String, packages: Int, discharge: Discharge,
                 message: Message = .new) {
        guard let number = TIRCarnet.normalized(carnet), let termination = movement.termination else { return nil }
        carnetNumber = number
        self.country = country
        customsOffice = movement.destinationOffice
        terminatedOn = CustomsDay(containing: termination.at)
        self.reference = reference
        self.discharge = discharge
        withReservation = termination.reservation != nil
        reservation = termination.reservation
        self.packages = packages
        self.message = message
    }
}
