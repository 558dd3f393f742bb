/// The sums a ``TradeCube`` query builds, by group, in one pass over each month's rows: a row is read only as far
/// as its filters, a group is found by its numbers packed into one integer (in an array when the groups are few
/// enough, else a dictionary), and the first few distinct declarants of each group are kept.
struct TradeSums: Sendable {
    /// What a query reads of each row, as plain integers so that the pass reads nothing else.
    struct Plan: Sendable {
        /// Per filter its column and where its passing numbers start in `passes`; per group its column (-1: the month),
        /// where its numbering starts in `numbering` (-1: none) and its radix.
        var filters: [Int] = []
        var passes: [Bool] = []
        var groups: [Int] = []
        var numbering: [UInt32] = []
        var radixes: [Int] = []
        /// Whether a group's numbers pack into one Int, and the packed keys' range when small enough for an array.
        var packed = true
        var denseRange: Int?

        init(filters: [(TradeCube.Column, [Bool])], groups: [TradeCube.Group]) {
            for (column, passing) in filters {
                self.filters += [column.rawValue, passes.count]
                passes += passing
            }
            var range = 1
            for group in groups {
                let radix = max(1, group.texts.count)
                self.groups += [group.column?.rawValue ?? -1, group.numbering == nil ? -1 : numbering.count, radix]
                numbering += group.numbering ?? []
                radixes.append(radix)
                let (product, overflow) = range.multipliedReportingOverflow(by: radix)
                packed = packed && !overflow
                range = product
            }
            denseRange = packed && range <= 1 << 20 ? range : nil
        }
    }

    private let plan: Plan
    private var denseSlots: [Int32] = []
    private var slots: [Int: Int32] = [:]
    /// Groups whose numbers do not pack, by their numbers.
    private var wideSlots: [[Int]: Int32] = [:]
    /// Each group's numbers (one per grouping dimension), sums and first few distinct declarants.
    private var numbers: [Int] = []
    private var measures: [TradeCell.Measures] = []
    private var declarants: [UInt32] = []
    private var declarantCounts: [UInt8] = []

    init(plan: Plan) {
        self.plan = plan
        if let range = plan.denseRange { denseSlots = [Int32](repeating: -1, count: range) }
    }

    var count: Int { measures.count }

    mutating func add(_ segment: TradeCube.Segment, monthIndex: Int) {
        let plan = self.plan, width = TradeCube.width, filterCount = plan.filters.count / 2, groupCount = plan.radixes.count
        let declarantColumn = TradeCube.Column.declarant.rawValue
        var wide = [Int](repeating: 0, count: groupCount)
        segment.keys.withUnsafeBufferPointer { keys in
            segment.measures.withUnsafeBufferPointer { rowMeasures in
                plan.filters.withUnsafeBufferPointer { filters in
                    plan.passes.withUnsafeBufferPointer { passes in
                        plan.groups.withUnsafeBufferPointer { groups in
                            plan.numbering.withUnsafeBufferPointer { numbering in
                                rows: for row in 0..<rowMeasures.count {
                                    let base = row &* width
                                    for f in 0..<filterCount where !passes[filters[2 &* f &+ 1] &+ Int(keys[base &+ filters[2 &* f]])] { continue rows }
                                    let m = rowMeasures[row]
                                    if m.items == 0 { continue }
                                    var key = 0
                                    for g in 0..<groupCount {
                                        let column = groups[3 &* g], renumbered = groups[3 &* g &+ 1]
                                        var number = column < 0 ? monthIndex : Int(keys[base &+ column])
                                        if renumbered >= 0 { number = Int(numbering[renumbered &+ number]) }
                                        key = key &* groups[3 &* g &+ 2] &+ number
                                        wide[g] = number
                                    }
                                    let slot = plan.packed ? self.slot(key: key) : self.slot(numbers: wide)
                                    measures[slot] = measures[slot] + m
                                    note(declarant: keys[base &+ declarantColumn], in: slot)
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Adds another part's sums (the months summed on the other core).
    mutating func merge(_ other: TradeSums) {
        let n = TradeFigure.declarantsCounted
        for slot in 0..<other.count {
            let groupNumbers = other.groupNumbers(slot)
            let mine = plan.packed ? self.slot(key: pack(groupNumbers)) : self.slot(numbers: Array(groupNumbers))
            measures[mine] = measures[mine] + other.measures[slot]
            for seen in 0..<Int(other.declarantCounts[slot]) { note(declarant: other.declarants[slot * n + seen], in: mine) }
        }
    }

    /// The groups in the order of their texts, given each dimension's numbers' ranks.
    func order(ranks: [[Int]]) -> [Int] {
        let slots = Array(0..<count)
        guard plan.packed else {
            return slots.sorted { a, b in
                groupNumbers(a).enumerated().map { ranks[$0.offset][$0.element] }
                    .lexicographicallyPrecedes(groupNumbers(b).enumerated().map { ranks[$0.offset][$0.element] })
            }
        }
        let keys = slots.map { slot in pack(groupNumbers(slot).enumerated().map { ranks[$0.offset][$0.element] }) }
        return slots.sorted { keys[$0] < keys[$1] }
    }

    /// A group as a figure, each dimension's number named by `text(dimension, number)`.
    func figure(_ slot: Int, text: (Int, Int) -> String) -> TradeFigure {
        TradeFigure(dimensions: groupNumbers(slot).enumerated().map { text($0.offset, $0.element) }, measures: measures[slot],
                    declarants: Int(declarantCounts[slot]))
    }

    private func groupNumbers(_ slot: Int) -> ArraySlice<Int> {
        let g = plan.radixes.count
        return numbers[slot * g..<(slot + 1) * g]
    }

    private func pack(_ groupNumbers: some Collection<Int>) -> Int {
        zip(groupNumbers, plan.radixes).reduce(0) { $0 &* $1.1 &+ $1.0 }
    }

    /// The slot of the group with packed `key`, made on first sight.
    private mutating func slot(key: Int) -> Int {
        if plan.denseRange != nil {
            if denseSlots[key] >= 0 { return Int(denseSlots[key]) }
            denseSlots[key] = Int32(count)
        } else {
            if let known = slots[key] { return Int(known) }
            slots[key] = Int32(count)
        }
        var unpacked = [Int](repeating: 0, count: plan.radixes.count), rest = key
        for g in plan.radixes.indices.reversed() {
            unpacked[g] = rest % plan.radixes[g]
            rest /= plan.radixes[g]
        }
        return append(unpacked)
    }

    /// The slot of a group whose numbers do not pack into one Int.
    private mutating func slot(numbers groupNumbers: [Int]) -> Int {
        if let known = wideSlots[groupNumbers] { return Int(known) }
        wideSlots[groupNumbers] = Int32(count)
        return append(groupNumbers)
    }

    private mutating func append(_ groupNumbers: [Int]) -> Int {
        numbers += groupNumbers
        measures.append(TradeCell.Measures())
        declarants += [UInt32](repeating: 0, count: TradeFigure.declarantsCounted)
        declarantCounts.append(0)
        return count - 1
    }

    /// Counts a declarant once per group, up to ``TradeFigure/declarantsCounted``.
    private mutating func note(declarant: UInt32, in slot: Int) {
        let count = Int(declarantCounts[slot])
        guard count < TradeFigure.declarantsCounted else { return }
        let first = slot * TradeFigure.declarantsCounted
        for seen in first..<(first + count) where declarants[seen] == declarant { return }
        declarants[first + count] = declarant
        declarantCounts[slot] += 1
    }
}
