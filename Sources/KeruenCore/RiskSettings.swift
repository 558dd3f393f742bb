import Foundation

/// How selectivity is tuned: the random share of otherwise-green declarations sent to control (per
/// office, with a default), the channel they go to, what AEO status earns, and when a trader is new.
public struct RiskSettings: Codable, Sendable, Equatable {
    /// 0–1; 0.02 sends one green declaration in fifty to `randomChannel`.
    public var randomShare: Double
    public var randomShareByOffice: [String: Double]
    public var randomChannel: Channel
    /// Steps an AEO's channel is lowered (red → yellow → blue → green).
    public var aeoSteps: Int
    /// AEOs are left out of the random selection.
    public var aeoExemptFromRandom: Bool
    /// A declarant with fewer registered declarations than this is a new trader.
    public var newTraderBelow: Int

    public init(randomShare: Double = 0.02, randomShareByOffice: [String: Double] = [:], randomChannel: Channel = .yellow,
                aeoSteps: Int = 1, aeoExemptFromRandom: Bool = true, newTraderBelow: Int = 5) {
        self.randomShare = randomShare
        self.randomShareByOffice = randomShareByOffice
        self.randomChannel = randomChannel
        self.aeoSteps = aeoSteps
        self.aeoExemptFromRandom = aeoExemptFromRandom
        self.newTraderBelow = newTraderBelow
    }

    public func randomShare(at office: String?) -> Double {
        office.flatMap { randomShareByOffice[$0] } ?? randomShare
    }
}
