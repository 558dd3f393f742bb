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
            denseRange = packed && range <= 1 << 22 ? range : nil
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

    /// Adds a month's rows, a phase at a time, each a loop over one or two plain arrays: the rows passing each
    /// filter, their groups' keys, the groups' slots, and the sums.
    mutating func add(_ segment: TradeCube.Segment, monthIndex: Int) {
        let selected = selectedRows(segment)
        guard !selected.isEmpty else { return }
        let slotOfRow = plan.packed ? packedSlots(segment, selected, monthIndex: monthIndex) : wideSlots(segment, selected, monthIndex: monthIndex)
        measures.withUnsafeMutableBufferPointer { sums in
            declarants.withUnsafeMutableBufferPointer { seen in
                declarantCounts.withUnsafeMutableBufferPointer { counts in
                    segment.measures.withUnsafeBufferPointer { rowMeasures in
                        segment.columns[TradeCube.Column.declarant.rawValue].withUnsafeBufferPointer { rowDeclarants in
                            for i in selected.indices {
                                let row = Int(selected[i]), slot = Int(slotOfRow[i])
                                sums[slot] = sums[slot] + rowMeasures[row]
                                Self.note(rowDeclarants[row], in: slot, seen: seen, counts: counts)
                            }
                        }
                    }
                }
            }
        }
    }

    /// The rows passing every filter, one filter (one column) at a time.
    private func selectedRows(_ segment: TradeCube.Segment) -> [Int32] {
        var selected: [Int32] = []
        for f in stride(from: 0, to: plan.filters.count, by: 2) {
            let offset = plan.filters[f + 1]
            segment.columns[plan.filters[f]].withUnsafeBufferPointer { column in
                plan.passes.withUnsafeBufferPointer { passes in
                    if f == 0 {
                        selected.reserveCapacity(column.count / 4)
                        for row in 0..<column.count where passes[offset &+ Int(column[row])] { selected.append(Int32(row)) }
                    } else {
                        selected.removeAll { !passes[offset &+ Int(column[Int($0)])] }
                    }
                }
            }
        }
        return plan.filters.isEmpty ? (0..<Int32(segment.count)).map { $0 } : selected
    }

    /// Hands `each` every selected row's position and its number in grouping dimension `g`.
    private func numbers(_ segment: TradeCube.Segment, _ selected: [Int32], group g: Int, monthIndex: Int, _ each: (Int, Int) -> Void) {
        let column = plan.groups[3 * g], renumbered = plan.groups[3 * g + 1]
        guard column >= 0 else {
            for i in selected.indices { each(i, monthIndex) }
            return
        }
        segment.columns[column].withUnsafeBufferPointer { numbers in
            plan.numbering.withUnsafeBufferPointer { numbering in
                if renumbered >= 0 {
                    for i in selected.indices { each(i, Int(numbering[renumbered &+ Int(numbers[Int(selected[i])])])) }
                } else {
                    for i in selected.indices { each(i, Int(numbers[Int(selected[i])])) }
                }
            }
        }
    }

    /// Each selected row's slot, by its group numbers packed into one key.
    private mutating func packedSlots(_ segment: TradeCube.Segment, _ selected: [Int32], monthIndex: Int) -> [Int32] {
        var keys = [Int](repeating: 0, count: selected.count)
        for g in plan.radixes.indices {
            let radix = plan.radixes[g]
            keys.withUnsafeMutableBufferPointer { keys in
                numbers(segment, selected, group: g, monthIndex: monthIndex) { i, number in keys[i] = keys[i] &* radix &+ number }
            }
        }
        var slotOfRow = [Int32](repeating: 0, count: keys.count)
        guard plan.denseRange != nil else {
            for i in keys.indices { slotOfRow[i] = Int32(slot(key: keys[i])) }
            return slotOfRow
        }
        // Taken out of self while its pointer is held, so that making a group (which changes self) does not overlap it.
        var dense = denseSlots
        denseSlots = []
        dense.withUnsafeMutableBufferPointer { dense in
            for i in keys.indices {
                let key = keys[i]
                if dense[key] < 0 { dense[key] = Int32(appendGroup(packed: key)) }
                slotOfRow[i] = dense[key]
            }
        }
        denseSlots = dense
        return slotOfRow
    }

    /// Each selected row's slot, by its group numbers when they do not pack.
    private mutating func wideSlots(_ segment: TradeCube.Segment, _ selected: [Int32], monthIndex: Int) -> [Int32] {
        var rows = [[Int]](repeating: [], count: selected.count)
        for g in plan.radixes.indices {
            numbers(segment, selected, group: g, monthIndex: monthIndex) { i, number in rows[i].append(number) }
        }
        return rows.map { Int32(slot(numbers: $0)) }
    }

    /// Adds another part's sums (the months summed on the other core).
    mutating func merge(_ other: TradeSums) {
        let n = TradeFigure.declarantsCounted
        for slot in 0..<other.count {
            let groupNumbers = other.groupNumbers(slot)
            let mine = plan.packed ? self.slot(key: pack(groupNumbers)) : self.slot(numbers: Array(groupNumbers))
            measures[mine] = measures[mine] + other.measures[slot]
            declarants.withUnsafeMutableBufferPointer { seen in
                declarantCounts.withUnsafeMutableBufferPointer { counts in
                    for k in 0..<Int(other.declarantCounts[slot]) { Self.note(other.declarants[slot * n + k], in: mine, seen: seen, counts: counts) }
                }
            }
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
        let groupCount = plan.radixes.count
        return slots.map { slot in
            var key = 0
            for g in 0..<groupCount { key = key &* plan.radixes[g] &+ ranks[g][numbers[slot &* groupCount &+ g]] }
            return (key, slot)
        }.sorted { $0.0 < $1.0 }.map(\.1)
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
            if denseSlots[key] < 0 { denseSlots[key] = Int32(appendGroup(packed: key)) }
            return Int(denseSlots[key])
        }
        if let known = slots[key] { return Int(known) }
        let slot = appendGroup(packed: key)
        slots[key] = Int32(slot)
        return slot
    }

    /// A new group from its packed key, its numbers unpacked in place (answers with a million groups make a million of them).
    private mutating func appendGroup(packed key: Int) -> Int {
        let first = numbers.count
        numbers.append(contentsOf: repeatElement(0, count: plan.radixes.count))
        var rest = key
        for g in plan.radixes.indices.reversed() {
            numbers[first + g] = rest % plan.radixes[g]
            rest /= plan.radixes[g]
        }
        return appendSums()
    }

    /// The slot of a group whose numbers do not pack into one Int.
    private mutating func slot(numbers groupNumbers: [Int]) -> Int {
        if let known = wideSlots[groupNumbers] { return Int(known) }
        let slot = append(groupNumbers)
        wideSlots[groupNumbers] = Int32(slot)
        return slot
    }

    private mutating func append(_ groupNumbers: [Int]) -> Int {
        numbers += groupNumbers
        return appendSums()
    }

    private mutating func appendSums() -> Int {
        measures.append(TradeCell.Measures())
        declarants.append(contentsOf: repeatElement(0, count: TradeFigure.declarantsCounted))
        declarantCounts.append(0)
        return count - 1
    }

    /// Counts a declarant once per group, up to ``TradeFigure/declarantsCounted`` (through pointers: the pass calls it per row).
    private static func note(_ declarant: UInt32, in slot: Int, seen: UnsafeMutableBufferPointer<UInt32>, counts: UnsafeMutableBufferPointer<UInt8>) {
        let n = TradeFigure.declarantsCounted, count = Int(counts[slot])
        guard count < n else { return }
        for k in (slot &* n)..<(slot &* n &+ count) where seen[k] == declarant { return }
        seen[slot &* n &+ count] = declarant
        counts[slot] = UInt8(count + 1)
    }
}
