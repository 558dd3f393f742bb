/// The trade cells held in memory column by column, a segment per month, each dimension's texts numbered once:
/// any ``TradeQuery`` is answered by one pass over the months it asks for. Summed tables in the database answered
/// the shapes they were made for in milliseconds and the others in seconds; a pass over ten million cells of small
/// integers takes tens of milliseconds whatever the shape (docs/performance.md).
///
/// A segment knows the version of its month it holds (``TradeMonth``), so a cube is brought up to date by
/// reading only the cells changed since.
public struct TradeCube: Sendable {
    /// The columns of the cells' key, in ``TradeCell/Key`` order after the period.
    enum Column: Int, CaseIterable {
        case flow, partner, code, procedure, office, transport, declarant
    }

    public private(set) var segments: [TradePeriod: Segment] = [:]
    /// Each column's texts, numbered in the order first seen (flows are numbered like any other column).
    private var values = [Values](repeating: Values(), count: Column.allCases.count)

    public init() {}

    /// A month's cells; a cell keeps its row when it changes (an emptied cell stays, with zero items, and counts no declarant).
    public struct Segment: Sendable {
        public internal(set) var version: Int64
        var columns = [[UInt32]](repeating: [], count: Column.allCases.count)
        var measures: [TradeCell.Measures] = []
        /// Where each key's row is: made on the first change after a load, so that months never changed do not pay for it.
        var rows: [[UInt32]: Int]?

        public var count: Int { measures.count }
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

    /// Replaces a month's cells with these, as of `version`.
    public mutating func load(_ month: TradePeriod, cells: [TradeCell], version: Int64) {
        var segment = Segment(version: version)
        for cell in cells { append(cell, to: &segment) }
        segments[month] = segment
    }

    /// Puts cells changed in a month since its segment's version in their rows (or new rows), as of `version`.
    public mutating func update(_ month: TradePeriod, changed cells: [TradeCell], version: Int64) {
        var segment = segments.removeValue(forKey: month) ?? Segment(version: version)
        var rows = segment.rows ?? [:]
        if segment.rows == nil {
            rows.reserveCapacity(segment.count)
            for row in 0..<segment.count { rows[segment.columns.map { $0[row] }] = row }
        }
        segment.rows = nil
        for cell in cells {
            let key = numbers(cell.key)
            if let row = rows[key] {
                segment.measures[row] = cell.measures
            } else {
                rows[key] = segment.count
                append(cell, to: &segment)
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
        [key.flow.rawValue, key.partner, key.code, key.procedure, key.office, key.transport, key.declarant].enumerated()
            .map { values[$0.offset].number($0.element) }
    }

    private mutating func append(_ cell: TradeCell, to segment: inout Segment) {
        for (column, number) in numbers(cell.key).enumerated() { segment.columns[column].append(number) }
        segment.measures.append(cell.measures)
    }

    // MARK: Answering

    /// The figures a query asks for, each with its distinct declarants counted up to ``TradeFigure/declarantsCounted``,
    /// in the order of its groups.
    public func figures(_ query: TradeQuery) -> [TradeFigure] {
        guard let filters = filters(query) else { return [] }
        let groups = query.groupBy.map(group)
        let months = segments.keys.filter { query.from <= $0 && $0 <= query.to }.sorted()
        var sums = TradeSums(radixes: groups.map { $0.dimension == .period ? months.count : $0.texts.count })
        for (index, month) in months.enumerated() {
            sums.add(segments[month]!, filters: filters, groups: groups, monthIndex: index)
        }
        return sums.figures { group, number in
            groups[group].dimension == .period ? months[number].description : groups[group].texts[number]
        }.sorted { $0.dimensions.lexicographicallyPrecedes($1.dimensions) }
    }

    /// How a query's dimension numbers a cell: by a column's numbers mapped through `numbering` (a code to its
    /// first digits), or by the month (period).
    struct Group {
        var dimension: TradeQuery.Dimension
        var column: Column?
        /// A column number to the group's number (nil: the same).
        var numbering: [UInt32]?
        var texts: [String]
    }

    private func group(_ dimension: TradeQuery.Dimension) -> Group {
        switch dimension {
        case .period: return Group(dimension: dimension, column: nil, texts: [])
        case .flow: return Group(dimension: dimension, column: .flow, texts: values[Column.flow.rawValue].texts)
        case .partner: return Group(dimension: dimension, column: .partner, texts: values[Column.partner.rawValue].texts)
        case .procedure: return Group(dimension: dimension, column: .procedure, texts: values[Column.procedure.rawValue].texts)
        case .office: return Group(dimension: dimension, column: .office, texts: values[Column.office.rawValue].texts)
        case .transport: return Group(dimension: dimension, column: .transport, texts: values[Column.transport.rawValue].texts)
        case .code(let digits):
            let codes = values[Column.code.rawValue].texts
            guard digits < 10 else { return Group(dimension: dimension, column: .code, texts: codes) }
            var prefixes = Values()
            let numbering = codes.map { prefixes.number(String($0.prefix(digits))) }
            return Group(dimension: dimension, column: .code, numbering: numbering, texts: prefixes.texts)
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
