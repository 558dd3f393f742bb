import Foundation

/// Fits a ``RiskModel`` on past controls (logistic regression by gradient descent with a little L2
/// shrinkage), holding out the most recent share of them to report how the model does on declarations
/// it has not seen: precision and recall at its threshold, against the share of controls that found
/// something at all.
public struct RiskModelTrainer: Sendable {
    public var holdout: Double
    public var iterations: Int
    public var learningRate: Double
    public var l2: Double

    public init(holdout: Double = 0.2, iterations: Int = 2000, learningRate: Double = 0.1, l2: Double = 0.001) {
        self.holdout = holdout
        self.iterations = iterations
        self.learningRate = learningRate
        self.l2 = l2
    }

    /// One past control: the features at registration and whether it found a violation.
    public struct Sample: Sendable {
        public var vector: [Double]
        public var violation: Bool

        public init(vector: [Double], violation: Bool) {
            self.vector = vector
            self.violation = violation
        }
    }

    public struct Report: Codable, Sendable, Equatable {
        public var trained: Int
        public var heldOut: Int
        /// Share of held-out controls that found a violation: what selecting at random would find.
        public var baseRate: Double
        public var threshold: Double
        public var precision: Double
        public var recall: Double
        public var selected: Int
    }

    public enum Refusal: Error, Equatable {
        /// Too few controls, or only one kind of outcome, to learn from.
        case tooFewSamples(Int)
        case oneOutcome
    }

    /// `samples` oldest first; the newest `holdout` share is kept apart for the report.
    public func train(_ samples: [Sample]) throws(Refusal) -> (model: RiskModel, report: Report) {
        guard samples.count >= 40 else { throw .tooFewSamples(samples.count) }
        let split = samples.count - max(1, Int((Double(samples.count) * holdout).rounded()))
        let training = Array(samples[..<split]), heldOut = Array(samples[split...])
        guard training.contains(where: \.violation), training.contains(where: { !$0.violation }) else { throw .oneOutcome }
        let width = RiskFeatures.names.count
        var means = [Double](repeating: 0, count: width), scales = [Double](repeating: 1, count: width)
        for index in 0..<width {
            let column = training.map { $0.vector[index] }
            let mean = column.reduce(0, +) / Double(column.count)
            let spread = (column.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(column.count)).squareRoot()
            means[index] = mean
            scales[index] = spread > 1e-9 ? spread : 1
        }
        let rows = training.map { sample in (0..<width).map { (sample.vector[$0] - means[$0]) / scales[$0] } }
        let labels = training.map { $0.violation ? 1.0 : 0.0 }
        var weights = [Double](repeating: 0, count: width), bias = 0.0
        let count = Double(rows.count)
        for _ in 0..<iterations {
            var gradient = [Double](repeating: 0, count: width), gradientBias = 0.0
            for (row, label) in zip(rows, labels) {
                var logit = bias
                for index in 0..<width { logit += weights[index] * row[index] }
                let error = 1 / (1 + exp(-logit)) - label
                for index in 0..<width { gradient[index] += error * row[index] }
                gradientBias += error
            }
            for index in 0..<width { weights[index] -= learningRate * (gradient[index] / count + l2 * weights[index]) }
            bias -= learningRate * gradientBias / count
        }
        var model = RiskModel(features: RiskFeatures.names, means: means, scales: scales, weights: weights, bias: bias, threshold: 0.5)
        // The threshold with the best F1 on the training data.
        let trainingScores = training.map { model.score($0.vector).score }
        var best = (f1: -1.0, threshold: 0.5)
        for step in 1..<100 {
            let threshold = Double(step) / 100
            let (precision, recall, _) = Self.quality(zip(trainingScores, training.map(\.violation)), threshold)
            let f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0
            if f1 > best.f1 { best = (f1, threshold) }
        }
        model.threshold = best.threshold
        let (precision, recall, selected) = Self.quality(zip(heldOut.map { model.score($0.vector).score }, heldOut.map(\.violation)), model.threshold)
        let report = Report(trained: training.count, heldOut: heldOut.count,
                            baseRate: Double(heldOut.filter(\.violation).count) / Double(heldOut.count), threshold: model.threshold,
                            precision: precision, recall: recall, selected: selected)
        return (model, report)
    }

    /// Precision and recall of "score ≥ threshold" as the call that a control finds a violation.
    static func quality(_ scored: some Sequence<(Double, Bool)>, _ threshold: Double) -> (precision: Double, recall: Double, selected: Int) {
        var truePositive = 0, selected = 0, positive = 0
        for (score, violation) in scored {
            if score >= threshold { selected += 1; if violation { truePositive += 1 } }
            if violation { positive += 1 }
        }
        return (selected == 0 ? 0 : Double(truePositive) / Double(selected), positive == 0 ? 0 : Double(truePositive) / Double(positive), selected)
    }
}
