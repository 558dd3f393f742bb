import Foundation

/// Writes the canonical JSON (RFC 8785) of an Encodable value straight from its `encode(to:)`: the
/// same keys and values `JSONEncoder` would write, without JSON text parsed back or an intermediate
/// ``CanonicalJSON`` tree. Stored declaration contents are written this way, so that the signing
/// payload is the stored text with the id and version around it (``SigningPayload``).
///
/// Why so plain: it runs at every change of a declaration. Scalars are written once, in the order they
/// are encoded, into one scratch buffer; objects and arrays keep only names and byte ranges, and are
/// put in canonical order when the whole is written. Coding paths are not kept (nothing here reads them).
struct CanonicalJSONEncoder {
    func encode(_ value: some Encodable) throws -> [UInt8] {
        let root = Node(Scratch())
        try value.encode(to: TreeEncoder(node: root))
        var out: [UInt8] = []
        out.reserveCapacity(root.scratch.bytes.count * 2)
        root.write(into: &out)
        return out
    }

    final class Scratch {
        var bytes: [UInt8] = []
    }

    enum Value {
        case text(Range<Int>)
        case node(Node)
    }

    /// A value being built; containers fill it in place, so nested containers share it by reference.
    final class Node {
        let scratch: Scratch
        /// In the order encoded; sorted (and a repeated name's last value kept) when written.
        var members: [(name: String, value: Value)]?
        var elements: [Value]?
        var single: Value?

        init(_ scratch: Scratch) { self.scratch = scratch }

        func text(_ write: (inout [UInt8]) -> Void) -> Value {
            let start = scratch.bytes.count
            write(&scratch.bytes)
            return .text(start..<scratch.bytes.count)
        }

        func text(_ value: CanonicalJSON) -> Value { text { value.write(into: &$0) } }
        func text(_ value: String) -> Value { text { CanonicalJSON.writeString(value, into: &$0) } }
        func number(_ value: some BinaryInteger) -> Value {
            // Integers a double holds exactly are their digits in ECMAScript too; others go through the double, as JSON numbers do.
            guard let exact = Int64(exactly: value), exact.magnitude <= 1 << 53 else { return text(.number(Double(value))) }
            return text { $0 += String(exact).utf8 }
        }

        func child() -> Node { Node(scratch) }

        func write(into out: inout [UInt8]) {
            if let members {
                out.append(UInt8(ascii: "{"))
                let order = members.indices.sorted {
                    members[$0].name == members[$1].name ? $0 < $1 : CanonicalJSON.precedes(members[$0].name, members[$1].name)
                }
                var first = true
                for (position, index) in order.enumerated() where position + 1 == order.count || members[order[position + 1]].name != members[index].name {
                    if !first { out.append(UInt8(ascii: ",")) }
                    first = false
                    CanonicalJSON.writeString(members[index].name, into: &out)
                    out.append(UInt8(ascii: ":"))
                    write(members[index].value, into: &out)
                }
                out.append(UInt8(ascii: "}"))
            } else if let elements {
                out.append(UInt8(ascii: "["))
                for (index, element) in elements.enumerated() {
                    if index > 0 { out.append(UInt8(ascii: ",")) }
                    write(element, into: &out)
                }
                out.append(UInt8(ascii: "]"))
            } else if let single {
                write(single, into: &out)
            } else {
                CanonicalJSON.null.write(into: &out)
            }
        }

        private func write(_ value: Value, into out: inout [UInt8]) {
            switch value {
            case .text(let range): out += scratch.bytes[range]
            case .node(let node): node.write(into: &out)
            }
        }
    }

    private struct TreeEncoder: Encoder {
        let node: Node
        var codingPath: [any CodingKey] { [] }
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            if node.members == nil { node.members = [] }
            return KeyedEncodingContainer(Keyed<Key>(node: node))
        }

        func unkeyedContainer() -> any UnkeyedEncodingContainer {
            if node.elements == nil { node.elements = [] }
            return Unkeyed(node: node)
        }

        func singleValueContainer() -> any SingleValueEncodingContainer { Single(node: node) }
    }

    private struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let node: Node
        var codingPath: [any CodingKey] { [] }

        private func add(_ key: Key, _ value: Value) { node.members?.append((key.stringValue, value)) }
        private func child(_ key: Key) -> Node {
            let child = node.child()
            add(key, .node(child))
            return child
        }

        mutating func encodeNil(forKey key: Key) throws { add(key, node.text(.null)) }
        mutating func encode(_ value: Bool, forKey key: Key) throws { add(key, node.text(.bool(value))) }
        mutating func encode(_ value: String, forKey key: Key) throws { add(key, node.text(value)) }
        mutating func encode(_ value: Double, forKey key: Key) throws { add(key, node.text(.number(value))) }
        mutating func encode(_ value: Float, forKey key: Key) throws { add(key, node.text(.number(Double(value)))) }
        mutating func encode(_ value: Int, forKey key: Key) throws { add(key, node.number(value)) }
        mutating func encode(_ value: Int8, forKey key: Key) throws { add(key, node.number(value)) }
        mutating func encode(_ value: Int16, forKey key: Key) throws { add(key, node.number(value)) }
        mutating func encode(_ value: Int32, forKey key: Key) throws { add(key, node.number(value)) }
        mutating func encode(_ value: Int64, forKey key: Key) throws { add(key, node.number(value)) }
        mutating func encode(_ value: UInt, forKey key: Key) throws { add(key, node.number(value)) }
        mutating func encode(_ value: UInt8, forKey key: Key) throws { add(key, node.number(value)) }
        mutating func encode(_ value: UInt16, forKey key: Key) throws { add(key, node.number(value)) }
        mutating func encode(_ value: UInt32, forKey key: Key) throws { add(key, node.number(value)) }
        mutating func encode(_ value: UInt64, forKey key: Key) throws { add(key, node.number(value)) }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { try value.encode(to: TreeEncoder(node: child(key))) }
        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
            TreeEncoder(node: child(key)).container(keyedBy: type)
        }
        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer { TreeEncoder(node: child(key)).unkeyedContainer() }
        mutating func superEncoder() -> any Encoder { TreeEncoder(node: node) }
        mutating func superEncoder(forKey key: Key) -> any Encoder { TreeEncoder(node: child(key)) }
    }

    private struct Unkeyed: UnkeyedEncodingContainer {
        let node: Node
        var codingPath: [any CodingKey] { [] }
        var count: Int { node.elements?.count ?? 0 }

        private func add(_ value: Value) { node.elements?.append(value) }
        private func next() -> Node {
            let child = node.child()
            add(.node(child))
            return child
        }

        mutating func encodeNil() throws { add(node.text(.null)) }
        mutating func encode(_ value: Bool) throws { add(node.text(.bool(value))) }
        mutating func encode(_ value: String) throws { add(node.text(value)) }
        mutating func encode(_ value: Double) throws { add(node.text(.number(value))) }
        mutating func encode(_ value: Float) throws { add(node.text(.number(Double(value)))) }
        mutating func encode(_ value: Int) throws { add(node.number(value)) }
        mutating func encode(_ value: Int8) throws { add(node.number(value)) }
        mutating func encode(_ value: Int16) throws { add(node.number(value)) }
        mutating func encode(_ value: Int32) throws { add(node.number(value)) }
        mutating func encode(_ value: Int64) throws { add(node.number(value)) }
        mutating func encode(_ value: UInt) throws { add(node.number(value)) }
        mutating func encode(_ value: UInt8) throws { add(node.number(value)) }
        mutating func encode(_ value: UInt16) throws { add(node.number(value)) }
        mutating func encode(_ value: UInt32) throws { add(node.number(value)) }
        mutating func encode(_ value: UInt64) throws { add(node.number(value)) }
        mutating func encode<T: Encodable>(_ value: T) throws { try value.encode(to: TreeEncoder(node: next())) }
        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            TreeEncoder(node: next()).container(keyedBy: type)
        }
        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer { TreeEncoder(node: next()).unkeyedContainer() }
        mutating func superEncoder() -> any Encoder { TreeEncoder(node: next()) }
    }

    private struct Single: SingleValueEncodingContainer {
        let node: Node
        var codingPath: [any CodingKey] { [] }

        mutating func encodeNil() throws { node.single = node.text(.null) }
        mutating func encode(_ value: Bool) throws { node.single = node.text(.bool(value)) }
        mutating func encode(_ value: String) throws { node.single = node.text(value) }
        mutating func encode(_ value: Double) throws { node.single = node.text(.number(value)) }
        mutating func encode(_ value: Float) throws { node.single = node.text(.number(Double(value))) }
        mutating func encode(_ value: Int) throws { node.single = node.number(value) }
        mutating func encode(_ value: Int8) throws { node.single = node.number(value) }
        mutating func encode(_ value: Int16) throws { node.single = node.number(value) }
        mutating func encode(_ value: Int32) throws { node.single = node.number(value) }
        mutating func encode(_ value: Int64) throws { node.single = node.number(value) }
        mutating func encode(_ value: UInt) throws { node.single = node.number(value) }
        mutating func encode(_ value: UInt8) throws { node.single = node.number(value) }
        mutating func encode(_ value: UInt16) throws { node.single = node.number(value) }
        mutating func encode(_ value: UInt32) throws { node.single = node.number(value) }
        mutating func encode(_ value: UInt64) throws { node.single = node.number(value) }
        mutating func encode<T: Encodable>(_ value: T) throws { try value.encode(to: TreeEncoder(node: node)) }
    }
}
