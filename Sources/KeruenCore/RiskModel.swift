import Foundation

/// A logistic regression over ``RiskFeatures``: the probability that a control of the declaration
/// finds a violation, with how much each feature added to it. Features are standardised with the
/// training data's means and spreads, so that the weights compare.
public struct RiskModel: Codable, Sendable, Equatable {
    public var features: [String]
    public var means: [Double]
    public var scales: [Double]
    public var weights: [Double]
    public var bias: Double
    /// The score from which the model calls a declaration risky (chosen on the training data for the best F1).
    public var threshold: Double

    public init(features: [String], means: [Double], scales: [Double], weights: [Double], bias: Double, threshold: Double) {
        self.features = features
        self.means = means
        self.scales = scales
        self.weights = weights
        self.bias = bias
        self.threshold = threshold
    }

    /// The score (0–1) and the features that moved it most, largest first.
    public func score(_ vector: [Double], top: Int = 3) -> (score: Double, contributions: [RiskResult.ScoreContribution]) {
        var logit = bias
        var contributions: [RiskResult.ScoreContribution] = []
        for index in weights.indices where index < vector.count {
            let contribution = weights[index] * (vector[index] - means[index]) / scales[index]
            logit += contribution
            contributions.append(RiskResult.ScoreContribution(feature: features[index], contribution: (contribution * 1000).rounded() / 1000))
        }
        let top = contributions.sorted { abs($0.contribution) > abs($1.contribution) }.prefix(top)
        return (1 / (1 + exp(-logit)), Array(top))
    }
}
