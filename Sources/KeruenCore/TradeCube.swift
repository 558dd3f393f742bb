import Dispatch
import Synchronization

/// The trade cells held in memory, a segment per month, each dimension's texts numbered once: any ``TradeQuery`` is
/// answered by one pass over the months it asks for. Summed tables in the database answered the shapes they were
/// made for in milliseconds and the others in seconds; a pass over ten million cells of small integers takes tens
/// of milliseconds whatever the shape (docs/performance.md).
///
/// A segment knows the version of its month it holds, so a cube is brought up to date by reading only the cells
/// changed since.
public struct TradeCube: Sendable {
    /// The columns of the cells' key, in ``TradeCell/Key`` order after the period.
    enum Column: Int, CaseIterable {
        case flow, partner, code, procedure, office, transport, declarant
    }
    static let width = Column.allCases.count

    public private(set) var segments: [TradePeriod: Segment] = [:]
    /// Each column's texts, numbered in the order first seen (flows are numbered like any other column).
    private var values = [Values](repeating: Values(), count: width)

    public init() {}

    /// A month's cells, a column per key dimension. A changed cell keeps its row; an emptied one gives its row to the last.
    public struct Segment: Sendable {
        public internal(set) var version: Int64
        var columns = [[UInt32]](repeating: [], count: TradeCube.width)
        var measures: [TradeCell.Measures] = []
        /// Where each key's row is: made on the first change after a load, so that months never changed do not pay for it.
        var rows: [[UInt32]: Int]?

        public var count: Int { measures.count }

        mutating func append(_ key: [UInt32], _ cell: TradeCell.Measures) {
            for (column, number) in key.enumerated() { columns[column].append(number) }
            measures.append(cell)
        }

        func key(_ row: Int) -> [UInt32] { columns.map { $0[row] } }

        /// Takes a row out by moving the last row into its place; answers the key of the row moved.
        mutating func remove(_ row: Int) -> [UInt32]? {
            let last = count - 1
            for column in columns.indices {
                columns[column][row] = columns[column][last]
                columns[column].removeLast()
            }
            measures[row] = measures[last]
            measures.removeLast()
            return row == last ? nil : key(row)
        }
    }

    /// Texts numbered from 0 in the order first seen.
    struct Values: Sendable {
        var texts: [String] = []
        var numbers: [String: UInt32] = [:]

        mutating func number(_ text: String) -> UInt32 {
            if let known = numbers[text] { return known }
            let number = UInt32(texts.count)
            texts.append(text)
            numbers[text] = number
            return number
        }
    }

    /// The versions of the months held, to compare with the database's.
    public var versions: [TradePeriod: Int64] { segments.mapValues(\.version) }

    /// Empties a month to load it afresh, as of `version`: its cells follow, read one by one (``insert(_:)``).
    public mutating func reset(_ month: TradePeriod, version: Int64) {
        segments[month] = Segment(version: version)
    }

    /// Adds a cell read while loading its month, just reset (one left with no item is left out).
    public mutating func insert(_ cell: TradeCell) {
        guard cell.measures.items != 0, segments[cell.key.period] != nil else { return }
        let key = numbers(cell.key)
        segments[cell.key.period]?.append(key, cell.measures)
    }

    /// Puts cells changed in a month since its segment's version in their rows, new rows, or out, as of `version`.
    public mutating func update(_ month: TradePeriod, changed cells: [TradeCell], version: Int64) {
        var segment = segments.removeValue(forKey: month) ?? Segment(version: version)
        var rows = segment.rows ?? [:]
        if segment.rows == nil {
            rows.reserveCapacity(segment.count)
            for row in 0..<segment.count { rows[segment.key(row)] = row }
        }
        segment.rows = nil
        for cell in cells {
            let key = numbers(cell.key)
            switch (rows[key], cell.measures.items != 0) {
            case (let row?, true):
                segment.measures[row] = cell.measures
            case (nil, true):
                rows[key] = segment.count
                segment.append(key, cell.measures)
            case (let row?, false):
                rows[key] = nil
                if let moved = segment.remove(row) { rows[moved] = row }
            case (nil, false):
                continue
            }
        }
        segment.rows = rows
        segment.version = version
        segments[month] = segment
    }

    public mutating func remove(_ month: TradePeriod) {
        segments[month] = nil
    }

    private mutating func numbers(_ key: TradeCell.Key) -> [UInt32] {
        [values[0].number(key.flow.rawValue), values[1].number(key.partner), values[2].number(key.code), values[3].number(key.procedure),
         values[4].number(key.office), values[5].number(key.transport), values[6].number(key.declarant)]
    }

    // MARK: Answering

    /// A page of the figures a query asks for, in the order of its groups, each with its distinct declarants counted
    /// up to ``TradeFigure/declarantsCounted``; and how many lines the whole answer has.
    public func figures(_ query: TradeQuery, lines page: Range<Int> = 0..<Int.max) -> (figures: [TradeFigure], total: Int) {
        guard let filters = filters(query) else { return ([], 0) }
        let months = segments.keys.filter { query.from <= $0 && $0 <= query.to }.sorted()
        let groups = query.groupBy.map { group($0, months: months) }
        let plan = TradeSums.Plan(filters: filters, groups: groups)
        // The months in two halves of about equal cells, summed on both cores and then together.
        var halves: [[Int]] = [[], []], cells = [0, 0]
        for index in months.indices.sorted(by: { segments[months[$0]]!.count > segments[months[$1]]!.count }) {
            let half = cells[0] <= cells[1] ? 0 : 1
            halves[half].append(index)
            cells[half] += segments[months[index]]!.count
        }
        let parts = Mutex<[TradeSums]>([]), split = halves
        DispatchQueue.concurrentPerform(iterations: 2) { half in
            var sums = TradeSums(plan: plan)
            for index in split[half] { sums.add(segments[months[index]]!, monthIndex: index) }
            parts.withLock { $0.append(sums) }
        }
        var sums = parts.withLock { $0.removeLast() }
        sums.merge(parts.withLock { $0.removeLast() })
        let order = sums.order(ranks: groups.map(\.ranks))
        let shown = order[min(page.lowerBound, order.count)..<min(page.upperBound, order.count)]
        return (shown.map { slot in sums.figure(slot) { groups[$0].texts[$1] } }, order.count)
    }

    /// How a query's dimension numbers a cell: by a column's numbers mapped through `numbering` (a code to its first
    /// digits), or by the month (no column); with each number's text and its rank in the texts' order.
    struct Group {
        var column: Column?
        var numbering: [UInt32]?
        var texts: [String]
        var ranks: [Int]
    }

    private func group(_ dimension: TradeQuery.Dimension, months: [TradePeriod]) -> Group {
        func ranked(_ column: Column?, _ texts: [String], numbering: [UInt32]? = nil) -> Group {
            var ranks = [Int](repeating: 0, count: texts.count)
            for (rank, number) in texts.indices.sorted(by: { texts[$0] < texts[$1] }).enumerated() { ranks[number] = rank }
            return Group(column: column, numbering: numbering, texts: texts, ranks: ranks)
        }
        switch dimension {
        case .period: return ranked(nil, months.map(\.description))
        case .flow: return ranked(.flow, values[Column.flow.rawValue].texts)
        case .partner: return ranked(.partner, values[Column.partner.rawValue].texts)
        case .procedure: return ranked(.procedure, values[Column.procedure.rawValue].texts)
        case .office: return ranked(.office, values[Column.office.rawValue].texts)
        case .transport: return ranked(.transport, values[Column.transport.rawValue].texts)
        case .code(let digits):
            let codes = values[Column.code.rawValue].texts
            guard digits < 10 else { return ranked(.code, codes) }
            var prefixes = Values()
            let numbering = codes.map { prefixes.number(String($0.prefix(digits))) }
            return ranked(.code, prefixes.texts, numbering: numbering)
        }
    }

    /// For each filtered column, which of its numbers pass; nil when a filter names a value no cell has.
    private func filters(_ query: TradeQuery) -> [(Column, [Bool])]? {
        var filters: [(Column, [Bool])] = []
        func only(_ column: Column, _ passes: (String) -> Bool) {
            filters.append((column, values[column.rawValue].texts.map(passes)))
        }
        for (column, wanted) in [(Column.flow, query.flow?.rawValue), (.partner, query.partner), (.procedure, query.procedure),
                                 (.office, query.office), (.transport, query.transport)] {
            if let wanted { only(column) { $0 == wanted } }
        }
        if let prefix = query.codePrefix { only(.code) { $0.hasPrefix(prefix) } }
        return filters.allSatisfy { $0.1.contains(true) } ? filters : nil
    }
}
