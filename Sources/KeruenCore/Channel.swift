/// The control a registered declaration gets: green (release without checks), blue (release now,
/// post-clearance audit later), yellow (documentary control), red (documents and goods examined).
public enum Channel: String, Codable, Sendable, CaseIterable, Comparable {
    case green, blue, yellow, red

    /// Red > yellow > blue > green: when several measures apply, the strictest wins.
    public var strictness: Int {
        switch self {
        case .green: 0
        case .blue: 1
        case .yellow: 2
        case .red: 3
        }
    }

    public static func < (a: Channel, b: Channel) -> Bool { a.strictness < b.strictness }

    /// One step less control (red → yellow → blue → green), as an AEO's status earns.
    public func lowered(by steps: Int) -> Channel {
        let all = Self.allCases.sorted()
        return all[max(0, strictness - steps)]
    }
}
