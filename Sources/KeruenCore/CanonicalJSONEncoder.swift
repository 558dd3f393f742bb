import Foundation

/// Writes the canonical JSON (RFC 8785) of an Encodable value straight from its `encode(to:)`: the
/// same keys and values `JSONEncoder` would write, without JSON text parsed back or an intermediate
/// ``CanonicalJSON`` tree. Stored declaration contents are written this way, so that the signing
/// payload is the stored text with the id and version around it (``SigningPayload``).
struct CanonicalJSONEncoder {
    func encode(_ value: some Encodable) throws -> [UInt8] {
        let root = Node()
        try value.encode(to: TreeEncoder(node: root, codingPath: []))
        var out: [UInt8] = []
        out.reserveCapacity(4096)
        root.write(into: &out)
        return out
    }

    /// A value being built; containers fill it in place, so nested containers share it by reference.
    final class Node {
        var value: CanonicalJSON = .null
        /// In the order encoded; sorted (and a repeated name's last value kept) when written.
        var members: [(name: String, node: Node)]?
        var elements: [Node]?

        func write(into out: inout [UInt8]) {
            if let members {
                out.append(UInt8(ascii: "{"))
                let sorted = members.enumerated().sorted {
                    $0.element.name == $1.element.name ? $0.offset < $1.offset : CanonicalJSON.precedes($0.element.name, $1.element.name)
                }
                var first = true
                for (index, member) in sorted.enumerated() where index + 1 == sorted.count || sorted[index + 1].element.name != member.element.name {
                    if !first { out.append(UInt8(ascii: ",")) }
                    first = false
                    CanonicalJSON.writeString(member.element.name, into: &out)
                    out.append(UInt8(ascii: ":"))
                    member.element.node.write(into: &out)
                }
                out.append(UInt8(ascii: "}"))
            } else if let elements {
                out.append(UInt8(ascii: "["))
                for (index, element) in elements.enumerated() {
                    if index > 0 { out.append(UInt8(ascii: ",")) }
                    element.write(into: &out)
                }
                out.append(UInt8(ascii: "]"))
            } else {
                value.write(into: &out)
            }
        }
    }

    private struct TreeEncoder: Encoder {
        let node: Node
        let codingPath: [any CodingKey]
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            if node.members == nil { node.members = [] }
            return KeyedEncodingContainer(Keyed<Key>(node: node, codingPath: codingPath))
        }

        func unkeyedContainer() -> any UnkeyedEncodingContainer {
            if node.elements == nil { node.elements = [] }
            return Unkeyed(node: node, codingPath: codingPath)
        }

        func singleValueContainer() -> any SingleValueEncodingContainer { Single(node: node, codingPath: codingPath) }
    }

    private struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let node: Node
        let codingPath: [any CodingKey]

        private func child(_ key: Key) -> Node {
            let child = Node()
            node.members?.append((key.stringValue, child))
            return child
        }

        mutating func encodeNil(forKey key: Key) throws { child(key).value = .null }
        mutating func encode(_ value: Bool, forKey key: Key) throws { child(key).value = .bool(value) }
        mutating func encode(_ value: String, forKey key: Key) throws { child(key).value = .string(value) }
        mutating func encode(_ value: Double, forKey key: Key) throws { child(key).value = .number(value) }
        mutating func encode(_ value: Int, forKey key: Key) throws { child(key).value = .number(Double(value)) }
        mutating func encode(_ value: Float, forKey key: Key) throws { child(key).value = .number(Double(value)) }
        mutating func encode(_ value: Int8, forKey key: Key) throws { child(key).value = .number(Double(value)) }
        mutating func encode(_ value: Int16, forKey key: Key) throws { child(key).value = .number(Double(value)) }
        mutating func encode(_ value: Int32, forKey key: Key) throws { child(key).value = .number(Double(value)) }
        mutating func encode(_ value: Int64, forKey key: Key) throws { child(key).value = .number(Double(value)) }
        mutating func encode(_ value: UInt, forKey key: Key) throws { child(key).value = .number(Double(value)) }
        mutating func encode(_ value: UInt8, forKey key: Key) throws { child(key).value = .number(Double(value)) }
        mutating func encode(_ value: UInt16, forKey key: Key) throws { child(key).value = .number(Double(value)) }
        mutating func encode(_ value: UInt32, forKey key: Key) throws { child(key).value = .number(Double(value)) }
        mutating func encode(_ value: UInt64, forKey key: Key) throws { child(key).value = .number(Double(value)) }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            try value.encode(to: TreeEncoder(node: child(key), codingPath: codingPath + [key]))
        }
        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
            TreeEncoder(node: child(key), codingPath: codingPath + [key]).container(keyedBy: type)
        }
        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            TreeEncoder(node: child(key), codingPath: codingPath + [key]).unkeyedContainer()
        }
        mutating func superEncoder() -> any Encoder { TreeEncoder(node: node, codingPath: codingPath) }
        mutating func superEncoder(forKey key: Key) -> any Encoder { TreeEncoder(node: child(key), codingPath: codingPath + [key]) }
    }

    private struct Unkeyed: UnkeyedEncodingContainer {
        let node: Node
        let codingPath: [any CodingKey]
        var count: Int { node.elements?.count ?? 0 }

        private func next() -> Node {
            let child = Node()
            node.elements?.append(child)
            return child
        }

        mutating func encodeNil() throws { next().value = .null }
        mutating func encode(_ value: Bool) throws { next().value = .bool(value) }
        mutating func encode(_ value: String) throws { next().value = .string(value) }
        mutating func encode(_ value: Double) throws { next().value = .number(value) }
        mutating func encode(_ value: Int) throws { next().value = .number(Double(value)) }
        mutating func encode(_ value: Float) throws { next().value = .number(Double(value)) }
        mutating func encode(_ value: Int8) throws { next().value = .number(Double(value)) }
        mutating func encode(_ value: Int16) throws { next().value = .number(Double(value)) }
        mutating func encode(_ value: Int32) throws { next().value = .number(Double(value)) }
        mutating func encode(_ value: Int64) throws { next().value = .number(Double(value)) }
        mutating func encode(_ value: UInt) throws { next().value = .number(Double(value)) }
        mutating func encode(_ value: UInt8) throws { next().value = .number(Double(value)) }
        mutating func encode(_ value: UInt16) throws { next().value = .number(Double(value)) }
        mutating func encode(_ value: UInt32) throws { next().value = .number(Double(value)) }
        mutating func encode(_ value: UInt64) throws { next().value = .number(Double(value)) }
        mutating func encode<T: Encodable>(_ value: T) throws { try value.encode(to: TreeEncoder(node: next(), codingPath: codingPath)) }
        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            TreeEncoder(node: next(), codingPath: codingPath).container(keyedBy: type)
        }
        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer { TreeEncoder(node: next(), codingPath: codingPath).unkeyedContainer() }
        mutating func superEncoder() -> any Encoder { TreeEncoder(node: next(), codingPath: codingPath) }
    }

    private struct Single: SingleValueEncodingContainer {
        let node: Node
        let codingPath: [any CodingKey]

        mutating func encodeNil() throws { node.value = .null }
        mutating func encode(_ value: Bool) throws { node.value = .bool(value) }
        mutating func encode(_ value: String) throws { node.value = .string(value) }
        mutating func encode(_ value: Double) throws { node.value = .number(value) }
        mutating func encode(_ value: Int) throws { node.value = .number(Double(value)) }
        mutating func encode(_ value: Float) throws { node.value = .number(Double(value)) }
        mutating func encode(_ value: Int8) throws { node.value = .number(Double(value)) }
        mutating func encode(_ value: Int16) throws { node.value = .number(Double(value)) }
        mutating func encode(_ value: Int32) throws { node.value = .number(Double(value)) }
        mutating func encode(_ value: Int64) throws { node.value = .number(Double(value)) }
        mutating func encode(_ value: UInt) throws { node.value = .number(Double(value)) }
        mutating func encode(_ value: UInt8) throws { node.value = .number(Double(value)) }
        mutating func encode(_ value: UInt16) throws { node.value = .number(Double(value)) }
        mutating func encode(_ value: UInt32) throws { node.value = .number(Double(value)) }
        mutating func encode(_ value: UInt64) throws { node.value = .number(Double(value)) }
        mutating func encode<T: Encodable>(_ value: T) throws { try value.encode(to: TreeEncoder(node: node, codingPath: codingPath)) }
    }
}
