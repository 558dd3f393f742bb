/// A profile that fired on a declaration, with the data that made it fire.
public struct RiskHit: Codable, Sendable, Equatable {
    public var profileID: String
    public var version: Int
    public var title: String
    public var measure: RiskMeasure
    public var priority: Int
    /// 1-based numbers of the items that met the condition; empty when it tests only the declaration.
    public var items: [Int]
    public var evidence: [Evidence]

    /// One test that held: the field, the value the declaration has, and the test it met.
    public struct Evidence: Codable, Sendable, Equatable {
        public var field: RiskField
        public var value: String
        public var test: String
        /// 1-based item, for an item field.
        public var item: Int?

        public init(field: RiskField, value: String, test: String, item: Int?) {
            self.field = field
            self.value = value
            self.test = test
            self.item = item
        }
    }

    public init(profileID: String, version: Int, title: String, measure: RiskMeasure, priority: Int, items: [Int], evidence: [Evidence]) {
        self.profileID = profileID
        self.version = version
        self.title = title
        self.measure = measure
        self.priority = priority
        self.items = items
        self.evidence = evidence
    }
}
