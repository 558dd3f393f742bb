import Foundation

/// Conditions of every profile in force as one flat run of plain nodes, evaluated by position.
///
/// Why: evaluating a tree of indirect enums retains and releases each node it passes, and with
/// thousands of profiles that was most of a candidate's cost. A node here holds no reference; its
/// children follow it, and `end` says where its subtree stops. The trees (``CompiledRiskCondition``)
/// stay for the evidence of a profile that fired and for the plain scan the engine is checked against.
struct RiskConditionProgram: Sendable {
    struct Node: Sendable {
        enum Kind: UInt8, Sendable { case all, any, not, prefixes, oneOf, below, above, between, outside, flag, lacks, missing }
        let kind: Kind
        let field: RiskField
        /// Position just past this node and its children.
        var end: Int32
        /// For prefixes and oneOf / lacks: the range of their values in `prefixes` or `texts`.
        let first: Int32, count: Int32
        /// For numbers: the bounds (`below` and `above` use `low`); for flags: 1 for true.
        let low: Double, high: Double
    }

    private(set) var nodes: [Node] = []
    private var prefixes: [(digits: UInt64, length: Int)] = []
    private var texts: [String] = []

    /// Appends `parts` as one `all` (a single part as itself) and returns its position.
    mutating func append(all parts: [CompiledRiskCondition]) -> Int32 {
        parts.count == 1 ? append(parts[0]) : append(.all(parts))
    }

    /// Appends a condition and returns its position.
    @discardableResult
    mutating func append(_ condition: CompiledRiskCondition) -> Int32 {
        let position = Int32(nodes.count)
        switch condition {
        case .all(let parts), .any(let parts):
            let kind: Node.Kind = if case .all = condition { .all } else { .any }
            nodes.append(Node(kind: kind, field: .office, end: 0, first: 0, count: 0, low: 0, high: 0))
            for part in parts { append(part) }
        case .not(let inner):
            nodes.append(Node(kind: .not, field: .office, end: 0, first: 0, count: 0, low: 0, high: 0))
            append(inner)
        case .test(let test):
            nodes.append(node(test))
        }
        nodes[Int(position)].end = Int32(nodes.count)
        return position
    }

    private mutating func node(_ test: CompiledRiskCondition.Test) -> Node {
        func make(_ kind: Node.Kind, first: Int = 0, count: Int = 0, low: Double = 0, high: Double = 0) -> Node {
            Node(kind: kind, field: test.field, end: 0, first: Int32(first), count: Int32(count), low: low, high: high)
        }
        switch test.check {
        case .prefixes(let values):
            defer { prefixes += values }
            return make(.prefixes, first: prefixes.count, count: values.count)
        case .oneOf(let values):
            defer { texts += values }
            return make(.oneOf, first: texts.count, count: values.count)
        case .lacks(let code):
            defer { texts.append(code) }
            return make(.lacks, first: texts.count, count: 1)
        case .below(let limit): return make(.below, low: limit)
        case .above(let limit): return make(.above, low: limit)
        case .between(let low, let high): return make(.between, low: low, high: high)
        case .outside(let low, let high): return make(.outside, low: low, high: high)
        case .flag(let expected): return make(.flag, low: expected ? 1 : 0)
        case .missing: return make(.missing)
        }
    }

    /// Whether the condition at `position` holds for the declaration, reading item fields of `item`.
    func holds(_ position: Int32, _ input: RiskInput, item: Int?) -> Bool {
        let node = nodes[Int(position)]
        switch node.kind {
        case .all, .any:
            let wanted = node.kind == .any
            var child = position + 1
            while child < node.end {
                if holds(child, input, item: item) == wanted { return wanted }
                child = nodes[Int(child)].end
            }
            return !wanted
        case .not:
            return !holds(position + 1, input, item: item)
        case .prefixes:
            guard let item else { return false }
            for index in Int(node.first)..<Int(node.first + node.count)
            where input.items[item].codeStarts(with: prefixes[index].digits, length: prefixes[index].length) { return true }
            return false
        case .oneOf:
            guard let value = CompiledRiskCondition.Test.text(node.field, input, item: item) else { return false }
            for index in Int(node.first)..<Int(node.first + node.count) where texts[index] == value { return true }
            return false
        case .lacks:
            guard let item else { return false }
            return !input.items[item].documents.contains(texts[Int(node.first)])
        case .below: return number(node, input, item).map { $0 < node.low } ?? false
        case .above: return number(node, input, item).map { $0 > node.low } ?? false
        case .between: return number(node, input, item).map { $0 >= node.low && $0 <= node.high } ?? false
        case .outside: return number(node, input, item).map { $0 < node.low || $0 > node.high } ?? false
        case .missing: return number(node, input, item) == nil
        case .flag: return CompiledRiskCondition.Test.flag(node.field, input) == (node.low == 1)
        }
    }

    private func number(_ node: Node, _ input: RiskInput, _ item: Int?) -> Double? {
        CompiledRiskCondition.Test.number(node.field, input, item: item)
    }
}
