import Foundation

/// Evaluates the active risk profiles on a declaration without reading them all: each profile is
/// filed under the keys its condition cannot hold without (a code prefix, an origin, a declarant, an
/// office…), and a declaration looks up only the profiles filed under its own keys. A profile with no
/// such key (a condition on numbers only, or a `not`) is evaluated every time. The look-up may bring
/// a profile that then does not fire, never miss one that would: `evaluateEveryProfile` is the plain
/// scan it must agree with.
public struct RiskEngine: Sendable {
    /// The profiles it evaluates, compiled; `index` and `unindexed` refer to them by position.
    private let profiles: [Compiled]
    private let index: [UInt64: [Int32]]
    private let unindexed: [Int32]
    /// Profiles that could not be compiled (a reference missing or circular in the database), with the reason;
    /// they are left out, so registration goes on.
    public let skipped: [(id: String, reason: String)]

    final class Compiled: Sendable {
        let profile: RiskProfile
        let condition: CompiledRiskCondition
        let readsItems: Bool

        init(profile: RiskProfile, condition: CompiledRiskCondition) {
            self.profile = profile
            self.condition = condition
            readsItems = condition.readsItems
        }
    }

    /// `profiles`: the active versions; `references`: the current condition of every profile a
    /// condition may refer to (defaults to the active ones).
    public init(profiles: [RiskProfile], references: [String: RiskCondition]? = nil) {
        let conditions = references ?? Dictionary(profiles.map { ($0.id, $0.condition) }, uniquingKeysWith: { a, _ in a })
        var compiled: [Compiled] = [], skipped: [(String, String)] = []
        for profile in profiles {
            do {
                compiled.append(Compiled(profile: profile, condition: try CompiledRiskCondition(profile.condition, conditions: conditions)))
            } catch {
                switch error {
                case .unknownProfile(let id): skipped.append((profile.id, "refers to unknown profile \(id)"))
                case .circularReference(let id): skipped.append((profile.id, "circular reference through \(id)"))
                }
            }
        }
        var index: [UInt64: [Int32]] = [:], unindexed: [Int32] = []
        for (position, entry) in compiled.enumerated() {
            var condition = entry.condition
            if !entry.profile.offices.isEmpty {
                let scope = CompiledRiskCondition.Test(RiskTest(.office, .oneOf(entry.profile.offices)))
                condition = .all([.test(scope), condition])
            }
            if let keys = Self.keys(of: condition) {
                for key in Set(keys) { index[key, default: []].append(Int32(position)) }
            } else {
                unindexed.append(Int32(position))
            }
        }
        self.profiles = compiled
        self.index = index
        self.unindexed = unindexed
        self.skipped = skipped
    }

    public var count: Int { profiles.count }
    public var unindexedCount: Int { unindexed.count }

    /// The profiles that fire on the declaration, strictest measure first, then by priority.
    public func evaluate(_ input: RiskInput, on day: CustomsDay) -> [RiskHit] {
        var candidates = unindexed
        Self.forEachKey(of: input) { key in
            if let filed = index[key] { candidates.append(contentsOf: filed) }
        }
        candidates.sort()
        var hits: [RiskHit] = []
        var previous: Int32 = -1
        for position in candidates where position != previous {
            previous = position
            if let hit = Self.hit(profiles[Int(position)], input, day) { hits.append(hit) }
        }
        return Self.ordered(hits)
    }

    /// Every profile in turn: what `evaluate` must agree with, and what it is measured against.
    public func evaluateEveryProfile(_ input: RiskInput, on day: CustomsDay) -> [RiskHit] {
        Self.ordered(profiles.compactMap { Self.hit($0, input, day) })
    }

    private static func ordered(_ hits: [RiskHit]) -> [RiskHit] {
        hits.sorted { ($0.measure.channel, $0.priority, $1.profileID) > ($1.measure.channel, $1.priority, $0.profileID) }
    }

    private static func hit(_ entry: Compiled, _ input: RiskInput, _ day: CustomsDay) -> RiskHit? {
        let profile = entry.profile
        guard profile.covers(office: input.office, on: day) else { return nil }
        var items: [Int] = []
        var evidence: [RiskHit.Evidence] = []
        if entry.readsItems {
            for item in input.items.indices where entry.condition.holds(input, item: item) {
                items.append(item + 1)
                entry.condition.evidence(input, item: item, into: &evidence)
            }
            guard !items.isEmpty else { return nil }
        } else {
            guard entry.condition.holds(input, item: nil) else { return nil }
            entry.condition.evidence(input, item: nil, into: &evidence)
        }
        // The same declaration-level test shows once, not once per item.
        var seen = Set<String>()
        evidence = evidence.filter { seen.insert("\($0.field.rawValue)|\($0.item ?? 0)|\($0.test)").inserted }
        return RiskHit(profileID: profile.id, version: profile.version, title: profile.title, measure: profile.measure,
                       priority: profile.priority, items: items, evidence: evidence)
    }

    // MARK: Keys

    /// The keys a condition cannot hold without, or nil if it can hold with none of them.
    /// For `all`, the most selective part's keys; for `any`, every part's.
    private static func keys(of condition: CompiledRiskCondition) -> [UInt64]? {
        switch condition {
        case .all(let parts):
            return parts.compactMap { part in keys(of: part).map { (keys: $0, rank: rank(of: part)) } }
                .min { ($0.rank, $0.keys.count) < ($1.rank, $1.keys.count) }?.keys
        case .any(let parts):
            var union: [UInt64] = []
            for part in parts {
                guard let keys = keys(of: part) else { return nil }
                union += keys
            }
            return union
        case .not:
            return nil
        case .test(let test):
            switch test.check {
            case .prefixes(let prefixes): return prefixes.map { codeKey($0.utf8) }
            case .oneOf(let values): return values.map { textKey(test.field, $0) }
            default: return nil
            }
        }
    }

    /// How selective a part is likely to be: a party names one company, a code few goods, an office many.
    private static func rank(of condition: CompiledRiskCondition) -> Int {
        guard case .test(let test) = condition else { return 2 }
        switch test.field {
        case .declarant, .consignor, .consignee: return 0
        case .commodityCode: return 1
        case .originCountry, .dispatchCountry, .destinationCountry: return 2
        default: return 3
        }
    }

    /// Every key the declaration has: each item's code at every length from 1 to 10 digits, its
    /// origin, and the declaration's texts.
    private static func forEachKey(of input: RiskInput, _ body: (UInt64) -> Void) {
        for item in input.items {
            if let code = item.code {
                var digits: UInt64 = 1
                for (length, byte) in code.utf8.enumerated() where length < 10 {
                    digits = digits &* 10 &+ UInt64(byte &- 48)
                    body(codeKey(digits: digits))
                }
            }
            if let origin = item.origin { body(textKey(.originCountry, origin)) }
        }
        let texts: [(RiskField, String?)] = [(.office, input.office), (.procedure, input.procedure), (.transportMode, input.transportMode),
                                             (.dispatchCountry, input.dispatchCountry), (.destinationCountry, input.destinationCountry),
                                             (.declarant, input.declarant), (.consignor, input.consignor), (.consignee, input.consignee)]
        for case let (field, value?) in texts { body(textKey(field, value)) }
    }

    private static func codeKey(_ prefix: String.UTF8View) -> UInt64 {
        codeKey(digits: prefix.reduce(UInt64(1)) { $0 &* 10 &+ UInt64($1 &- 48) })
    }

    /// A code's digits behind a leading 1 ("0805" and "805" differ), under the code field's tag.
    private static func codeKey(digits: UInt64) -> UInt64 { codeTag | digits }

    /// FNV-1a of the text under the field's tag. Two texts may share a key: the profile is then only evaluated for nothing.
    private static func textKey(_ field: RiskField, _ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return tag(field) | (hash & 0x00FF_FFFF_FFFF_FFFF)
    }

    private static func tag(_ field: RiskField) -> UInt64 { tags[field]! }

    private static let tags = Dictionary(uniqueKeysWithValues: RiskField.allCases.enumerated().map { ($1, UInt64($0 + 1) << 56) })
    private static let codeTag = tag(.commodityCode)
}
