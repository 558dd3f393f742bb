/// The sums a ``TradeCube`` query builds, by group: a column at a time over a month's rows (the rows that pass each
/// filter, then each row's group, then the sums), so that each loop reads one or two plain arrays.
struct TradeSums {
    /// How many numbers each grouping dimension has; a group's key is its numbers in this mixed radix.
    private let radixes: [Int]
    /// Whether a group's numbers pack into one Int key.
    private let packed: Bool
    /// The keys' range when small enough to find a group by its key in an array instead of a dictionary.
    private let denseRange: Int?
    private var denseSlots: [Int32] = []
    private var slots: [Int: Int32] = [:]
    /// Groups whose numbers do not pack, by their numbers.
    private var wideSlots: [[Int]: Int32] = [:]
    /// Each group's numbers, sums and first few distinct declarants.
    private var groups: [[Int]] = []
    private var measures: [TradeCell.Measures] = []
    private var declarants: [UInt32] = []
    private var declarantCounts: [UInt8] = []
    /// Whether any row was summed (with no grouping, nothing summed gives no line).
    private var empty = true

    init(radixes: [Int]) {
        self.radixes = radixes.map { max(1, $0) }
        var range = 1, packed = true
        for radix in self.radixes {
            let (product, overflow) = range.multipliedReportingOverflow(by: radix)
            packed = packed && !overflow
            range = product
        }
        self.packed = packed
        denseRange = packed && range <= 1 << 20 ? range : nil
        if let denseRange { denseSlots = [Int32](repeating: -1, count: denseRange) }
    }

    mutating func add(_ segment: TradeCube.Segment, filters: [(TradeCube.Column, [Bool])], groups grouping: [TradeCube.Group], monthIndex: Int) {
        var selected: [Int32] = []
        selected.reserveCapacity(segment.count)
        for row in 0..<segment.count where segment.measures[row].items != 0 { selected.append(Int32(row)) }
        for (column, passes) in filters {
            let numbers = segment.columns[column.rawValue]
            selected.removeAll { !passes[Int(numbers[Int($0)])] }
        }
        guard !selected.isEmpty else { return }
        empty = false

        // Each row's group numbers, one dimension at a time: packed into an Int key when they fit, else kept apart.
        var numbers = [[Int]](repeating: [], count: grouping.count)
        for (index, group) in grouping.enumerated() {
            guard let column = group.column.map({ segment.columns[$0.rawValue] }) else {
                numbers[index] = [Int](repeating: monthIndex, count: selected.count)
                continue
            }
            if let numbering = group.numbering {
                numbers[index] = selected.map { Int(numbering[Int(column[Int($0)])]) }
            } else {
                numbers[index] = selected.map { Int(column[Int($0)]) }
            }
        }
        var keys = [Int](repeating: 0, count: selected.count)
        if packed {
            for (index, radix) in radixes.enumerated() {
                let dimension = numbers[index]
                for i in keys.indices { keys[i] = keys[i] &* radix &+ dimension[i] }
            }
        }

        let declarantColumn = segment.columns[TradeCube.Column.declarant.rawValue]
        for (i, row) in selected.enumerated() {
            let slot = self.slot(key: keys[i]) { numbers.map { $0[i] } }
            measures[slot] = measures[slot] + segment.measures[Int(row)]
            note(declarant: declarantColumn[Int(row)], in: slot)
        }
    }

    /// The slot of the group with `key`, made on first sight; keys pack the group's numbers (a wide grouping
    /// whose numbers overflow an Int is looked up by the numbers themselves).
    private mutating func slot(key: Int, numbers: () -> [Int]) -> Int {
        if denseRange != nil {
            if denseSlots[key] >= 0 { return Int(denseSlots[key]) }
            denseSlots[key] = Int32(groups.count)
        } else if packed {
            if let known = slots[key] { return Int(known) }
            slots[key] = Int32(groups.count)
        } else {
            let group = numbers()
            if let known = wideSlots[group] { return Int(known) }
            wideSlots[group] = Int32(groups.count)
        }
        groups.append(numbers())
        measures.append(TradeCell.Measures())
        declarants += [UInt32](repeating: 0, count: TradeFigure.declarantsCounted)
        declarantCounts.append(0)
        return groups.count - 1
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

    /// The groups as figures, each dimension's number named by `text(dimension, number)`.
    func figures(_ text: (Int, Int) -> String) -> [TradeFigure] {
        if radixes.isEmpty && empty { return [] }
        return groups.indices.map { slot in
            TradeFigure(dimensions: groups[slot].enumerated().map { text($0.offset, $0.element) }, measures: measures[slot],
                        declarants: Int(declarantCounts[slot]))
        }
    }
}
