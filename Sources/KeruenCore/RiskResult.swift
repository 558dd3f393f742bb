import Foundation

/// The outcome of selectivity for one declaration, kept with it and shown to officers only: the
/// channel, every profile that fired and why, whether chance decided it, and what AEO status changed.
public struct RiskResult: Codable, Sendable, Equatable {
    public var channel: Channel
    /// The measure that decided the channel (the strictest hit's, or the random selection's).
    public var examination: ExaminationType?
    public var instruction: String?
    public var hits: [RiskHit]
    /// Chosen by the random selection (no profile fired).
    public var random: Bool
    /// The draw (0–1) and the share it was compared with; recorded for every otherwise-green declaration.
    public var draw: Double?
    public var share: Double?
    /// The channel before an AEO's status lowered it.
    public var aeoLoweredFrom: Channel?
    public var score: Double?
    public var scoreFeatures: [ScoreContribution]?
    /// The learned model's inputs at registration (``RiskFeatures``): what it is trained on later, once controls tell how it went.
    public var features: [Double]?

    /// A feature of the learned model and how much it added to the score's log-odds.
    public struct ScoreContribution: Codable, Sendable, Equatable {
        public var feature: String
        public var contribution: Double

        public init(feature: String, contribution: Double) {
            self.feature = feature
            self.contribution = contribution
        }
    }

    public init(channel: Channel, examination: ExaminationType? = nil, instruction: String? = nil, hits: [RiskHit] = [], random: Bool = false,
                draw: Double? = nil, share: Double? = nil, aeoLoweredFrom: Channel? = nil, score: Double? = nil,
                scoreFeatures: [ScoreContribution]? = nil) {
        self.channel = channel
        self.examination = examination
        self.instruction = instruction
        self.hits = hits
        self.random = random
        self.draw = draw
        self.share = share
        self.aeoLoweredFrom = aeoLoweredFrom
        self.score = score
        self.scoreFeatures = scoreFeatures
    }

    /// Selectivity: the strictest measure among the hits wins; with none, a random share of the
    /// declarations (drawn from `generator`, which in the server is the system's cryptographic source)
    /// goes to the random channel; an AEO's channel is then lowered as configured.
    public init(hits: [RiskHit], office: String?, aeo: AEOStatus, settings: RiskSettings, score: Double? = nil,
                scoreFeatures: [ScoreContribution]? = nil, using generator: inout some RandomNumberGenerator) {
        let isAEO = aeo != .none
        if let strictest = hits.max(by: { ($0.measure.channel, $0.priority) < ($1.measure.channel, $1.priority) }) {
            self.init(channel: strictest.measure.channel, examination: strictest.measure.examination, instruction: strictest.measure.instruction,
                      hits: hits)
        } else if isAEO && settings.aeoExemptFromRandom {
            self.init(channel: .green)
        } else {
            let share = settings.randomShare(at: office)
            let draw = Double.random(in: 0..<1, using: &generator)
            let selected = draw < share
            self.init(channel: selected ? settings.randomChannel : .green, examination: selected ? .documents : nil,
                      random: selected, draw: draw, share: share)
        }
        if isAEO, settings.aeoSteps > 0, channel != .green {
            let lowered = channel.lowered(by: settings.aeoSteps)
            if lowered != channel {
                aeoLoweredFrom = channel
                channel = lowered
            }
        }
        self.score = score
        self.scoreFeatures = scoreFeatures
    }
}
