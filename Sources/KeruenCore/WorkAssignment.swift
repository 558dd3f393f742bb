/// Who examines a declaration routed to control: an officer of its post on shift, drawn at random and
/// weighted by open work (an officer with `n` open declarations is drawn with weight 1 / (1 + n)), so
/// that neither the declarant nor the officer chooses, and work spreads evenly.
public enum WorkAssignment {
    public struct Load: Sendable, Equatable {
        public var officer: String
        /// Declarations assigned to the officer and not yet decided.
        public var open: Int

        public init(officer: String, open: Int) {
            self.officer = officer
            self.open = open
        }
    }

    /// The officer drawn from `loads` (nil when no one is on shift). The server draws from the system's
    /// cryptographic source, so that no one can predict who gets a declaration.
    public static func choose(among loads: [Load], using generator: inout some RandomNumberGenerator) -> String? {
        guard !loads.isEmpty else { return nil }
        let weights = loads.map { 1 / Double(1 + max($0.open, 0)) }
        var draw = Double.random(in: 0..<weights.reduce(0, +), using: &generator)
        for (load, weight) in zip(loads, weights) {
            if draw < weight { return load.officer }
            draw -= weight
        }
        return loads.last?.officer
    }
}
