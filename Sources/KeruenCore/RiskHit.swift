/// A profile that fired on a declaration, with the data that made it fire.
///
/// Stored (its JSON) without what its profile version already says — title, measure, priority — so that
/// a registration writes only what happened: a reader gives the fired versions in the decoder's
/// ``profilesKey``. Results stored with those fields read as they are.
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

    /// The decoder's user-info key for the profile versions a stored result refers to: `[RiskProfile]`.
    public static let profilesKey = CodingUserInfoKey(rawValue: "keruen.riskProfiles")!

    private enum CodingKeys: String, CodingKey { case profileID, version, title, measure, priority, items, evidence }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(profileID, forKey: .profileID)
        try container.encode(version, forKey: .version)
        try container.encode(items, forKey: .items)
        try container.encode(evidence, forKey: .evidence)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        profileID = try container.decode(String.self, forKey: .profileID)
        version = try container.decode(Int.self, forKey: .version)
        items = try container.decode([Int].self, forKey: .items)
        evidence = try container.decode([Evidence].self, forKey: .evidence)
        if let title = try container.decodeIfPresent(String.self, forKey: .title) {
            self.title = title
            measure = try container.decode(RiskMeasure.self, forKey: .measure)
            priority = try container.decode(Int.self, forKey: .priority)
        } else {
            let profiles = decoder.userInfo[Self.profilesKey] as? [RiskProfile] ?? []
            let (id, version) = (profileID, version)
            guard let profile = profiles.first(where: { $0.id == id && $0.version == version }) else {
                throw DecodingError.dataCorruptedError(forKey: .profileID, in: container, debugDescription: "Profile \(profileID) v\(version) not given")
            }
            (title, measure, priority) = (profile.title, profile.measure, profile.priority)
        }
    }
}
