import Foundation

/// Evaluates the active risk profiles on a declaration without reading them all: each profile is
/// filed under the keys its condition cannot hold without (a code prefix, an origin, a declarant, an
/// office…), and a declaration looks up only the profiles filed under its own keys. A profile with no
/// such key (a condition on numbers only, or a `not`) is evaluated every time. The look-up may bring
/// a profile that then does not fire, never miss one that would: `evaluateEveryProfile` is the plain
/// scan it must agree with.
public struct RiskEngine: Sendable {
    /// The profiles it evaluates, compiled; `entries`, `index` and `unindexed` refer to them by position.
    private let profiles: [Compiled]
    private let entries: [Entry]
    private let program: RiskConditionProgram
    private let index: [UInt64: [Int32]]
    private let unindexed: [Int32]
    /// Profiles that could not be compiled (a reference missing or circular in the database), with the reason;
    /// they are left out, so registration goes on.
    public let skipped: [(id: String, reason: String)]

    /// A profile as the index and the evidence read it.
    final class Compiled: Sendable {
        let profile: RiskProfile
        /// The condition as written (its evidence), and with the profile's offices as its first test (what is evaluated).
        let condition: CompiledRiskCondition, scoped: CompiledRiskCondition
        let strictness: Int, priority: Int, id: String

        init(profile: RiskProfile, condition: CompiledRiskCondition) {
            self.profile = profile
            self.condition = condition
            let scope = CompiledRiskCondition.test(.init(RiskTest(.office, .oneOf(profile.offices))))
            scoped = switch condition {
            case _ where profile.offices.isEmpty: condition
            case .all(let parts): .all([scope] + parts)
            default: .all([scope, condition])
            }
            (strictness, priority, id) = (profile.measure.channel.strictness, profile.priority, profile.id)
        }
    }

    /// What deciding whether a profile fires needs, as plain values: its conditions are positions in `program`.
    struct Entry: Sendable {
        /// The condition, scoped to the profile's offices.
        let condition: Int32
        /// The parts of a top-level `all` that read no item, when others do: tested once, before any item.
        let declarationParts: Int32?
        let readsItems: Bool
        let validFrom: CustomsDay, validTo: CustomsDay?

        init(_ compiled: Compiled, into program: inout RiskConditionProgram) {
            let scoped = compiled.scoped
            readsItems = scoped.readsItems
            condition = program.append(scoped)
            if readsItems, case .all(let parts) = scoped, case let once = parts.filter({ !$0.readsItems }), !once.isEmpty {
                declarationParts = program.append(all: once)
            } else {
                declarationParts = nil
            }
            (validFrom, validTo) = (compiled.profile.validFrom, compiled.profile.validTo)
        }

        func covers(_ day: CustomsDay) -> Bool { validFrom <= day && validTo.map { day <= $0 } ?? true }
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
        var program = RiskConditionProgram(), entries: [Entry] = []
        var index: [UInt64: [Int32]] = [:], unindexed: [Int32] = []
        for (position, profile) in compiled.enumerated() {
            entries.append(Entry(profile, into: &program))
            if let keys = Self.keys(of: profile.scoped) {
                for key in Set(keys) { index[key, default: []].append(Int32(position)) }
            } else {
                unindexed.append(Int32(position))
            }
        }
        self.profiles = compiled
        self.entries = entries
        self.program = program
        self.index = index
        self.unindexed = unindexed
        self.skipped = skipped
    }

    public var count: Int { profiles.count }
    public var unindexedCount: Int { unindexed.count }

    /// The profiles that fire on the declaration, strictest measure first, then by priority.
    ///
    /// A candidate is a profile with the item whose key found it: a profile found by an item's code or
    /// origin can hold only for that item, so only that item is tested; one found by a declaration's key
    /// (or with no key) tests every item.
    public func evaluate(_ input: RiskInput, on day: CustomsDay) -> [RiskHit] {
        var candidates = unindexed.map { UInt64($0) << 16 | Self.everyItem }
        Self.forEachKey(of: input) { key, item in
            guard let filed = index[key] else { return }
            let tag = item.map(UInt64.init) ?? Self.everyItem
            for position in filed { candidates.append(UInt64(position) << 16 | tag) }
        }
        candidates.sort()
        var firing: [(position: Int, items: [Int])] = []
        var items: [Int] = []
        var next = 0
        while next < candidates.count {
            let position = candidates[next] >> 16
            var everyItem = false
            items.removeAll(keepingCapacity: true)
            while next < candidates.count, candidates[next] >> 16 == position {
                let item = candidates[next] & Self.everyItem
                if item == Self.everyItem { everyItem = true } else if items.last != Int(item) { items.append(Int(item)) }
                next += 1
            }
            if let holding = self.items(Int(position), input, day, only: everyItem ? nil : items) { firing.append((Int(position), holding)) }
        }
        return hits(firing, input)
    }

    /// The item tag of a candidate found by a declaration's key: every item (declarations have fewer than 65,535 items).
    private static let everyItem: UInt64 = 0xFFFF

    /// Every profile in turn, on the condition trees: what `evaluate` must agree with, and what it is measured against.
    public func evaluateEveryProfile(_ input: RiskInput, on day: CustomsDay) -> [RiskHit] {
        var firing: [(position: Int, items: [Int])] = []
        for (position, profile) in profiles.enumerated() where entries[position].covers(day) {
            let condition = profile.scoped
            if !condition.readsItems {
                if condition.holds(input, item: nil) { firing.append((position, [])) }
            } else if case let holding = input.items.indices.filter({ condition.holds(input, item: $0) }), !holding.isEmpty {
                firing.append((position, holding))
            }
        }
        return hits(firing, input)
    }

    /// The items (0-based) a profile holds for, testing only `only` (all if nil); empty if it tests no item
    /// and holds; nil if it does not fire.
    private func items(_ position: Int, _ input: RiskInput, _ day: CustomsDay, only: [Int]?) -> [Int]? {
        let entry = entries[position]
        guard entry.covers(day) else { return nil }
        if let parts = entry.declarationParts, !program.holds(parts, input, item: nil) { return nil }
        guard entry.readsItems else { return program.holds(entry.condition, input, item: nil) ? [] : nil }
        var holding: [Int] = []  // allocates only when a profile fires: most candidates do not
        if let only {
            for item in only where program.holds(entry.condition, input, item: item) { holding.append(item) }
        } else {
            for item in input.items.indices where program.holds(entry.condition, input, item: item) { holding.append(item) }
        }
        return holding.isEmpty ? nil : holding
    }

    /// The hits, strictest measure first, then by priority and id, each with its evidence (built only for profiles that fired).
    private func hits(_ firing: [(position: Int, items: [Int])], _ input: RiskInput) -> [RiskHit] {
        firing.map { (entry: profiles[$0.position], items: $0.items) }.sorted { a, b in
            let (x, y) = (a.entry, b.entry)
            return (x.strictness, x.priority, y.id) > (y.strictness, y.priority, x.id)
        }.map { entry, items in
            let profile = entry.profile
            var evidence: [RiskHit.Evidence] = []
            for item in items.isEmpty ? [nil] : items.map(Optional.some) { entry.condition.evidence(input, item: item, into: &evidence) }
            // A declaration's test shows once, not once per item.
            var unique: [RiskHit.Evidence] = []
            for found in evidence where found.item != nil || !unique.contains(found) { unique.append(found) }
            return RiskHit(profileID: profile.id, version: profile.version, title: profile.title, measure: profile.measure,
                           priority: profile.priority, items: items.map { $0 + 1 }, evidence: unique)
        }
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
            case .prefixes(let prefixes): return prefixes.map { codeKey(digits: RiskInput.Item.powers[$0.length] + $0.digits) }
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

    /// Every key the declaration has, with the item it belongs to (nil for the declaration's own): each
    /// item's code at every length from 1 to 10 digits, its origin, and the declaration's texts.
    private static func forEachKey(of input: RiskInput, _ body: (UInt64, Int?) -> Void) {
        for (index, item) in input.items.enumerated() {
            if let code = item.code {
                var digits: UInt64 = 1
                for (length, byte) in code.utf8.enumerated() where length < 10 {
                    digits = digits &* 10 &+ UInt64(byte &- 48)
                    body(codeKey(digits: digits), index)
                }
            }
            if let origin = item.origin { body(textKey(.originCountry, origin), index) }
        }
        func declaration(_ field: RiskField, _ value: String?) { if let value { body(textKey(field, value), nil) } }
        declaration(.office, input.office)
        declaration(.procedure, input.procedure)
        declaration(.transportMode, input.transportMode)
        declaration(.dispatchCountry, input.dispatchCountry)
        declaration(.destinationCountry, input.destinationCountry)
        declaration(.declarant, input.declarant)
        declaration(.consignor, input.consignor)
        declaration(.consignee, input.consignee)
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
