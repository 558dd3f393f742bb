import Foundation
import SQLKit

/// Values kept as JSON in a text column (a profile, an examination's result): keys sorted, dates in milliseconds.
enum StoredJSON {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        encoder.dateEncodingStrategy = .millisecondsSince1970
        return encoder
    }()
    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .millisecondsSince1970
        return decoder
    }()

    static func text(_ value: some Encodable) throws -> String {
        String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}

extension SQLRow {
    /// A JSON text column read into its value.
    func decode<Value: Decodable>(json column: String, as type: Value.Type) throws -> Value {
        try StoredJSON.decoder.decode(type, from: Data(try decode(column: column, as: String.self).utf8))
    }

    /// A JSON text column that may be NULL.
    func decode<Value: Decodable>(json column: String, as type: Value?.Type) throws -> Value? {
        try decode(column: column, as: String?.self).map { try StoredJSON.decoder.decode(Value.self, from: Data($0.utf8)) }
    }
}
