import KeruenSQLite
import NIOCore
import SQLKit
import SQLiteKit

/// A result row of ``EmbeddedSQLiteConnection``, read through SQLKit's row interface with
/// SQLiteKit's decoder, so the repositories see the same values as on any SQLite driver.
struct EmbeddedSQLiteRow: SQLRow {
    let columns: SQLiteColumns
    let values: [SQLiteValue]
    private static let decoder = SQLiteDataDecoder()

    var allColumns: [String] { columns.names }

    func contains(column: String) -> Bool { columns.positions[column] != nil }

    func decodeNil(column: String) throws -> Bool {
        guard let position = columns.positions[column] else { return true }
        return values[position] == .null
    }

    func decode<D: Decodable>(column: String, as type: D.Type) throws -> D {
        guard let position = columns.positions[column] else {
            throw DecodingError.keyNotFound(ColumnKey(stringValue: column), .init(codingPath: [], debugDescription: "no column \(column) in the result"))
        }
        // Text and integers, most of what is read, without the decoder.
        switch values[position] {
        case .text(let text) where D.self == String.self: return text as! D
        case .integer(let integer) where D.self == Int64.self: return integer as! D
        default: return try Self.decoder.decode(D.self, from: SQLiteData(values[position]))
        }
    }
}

extension SQLiteData {
    init(_ value: SQLiteValue) {
        switch value {
        case .integer(let integer): self = .integer(Int(integer))
        case .float(let double): self = .float(double)
        case .text(let text): self = .text(text)
        case .blob(let bytes): self = .blob(ByteBuffer(bytes: bytes))
        case .null: self = .null
        }
    }
}

extension SQLiteValue {
    init(_ data: SQLiteData) {
        switch data {
        case .integer(let integer): self = .integer(Int64(integer))
        case .float(let double): self = .float(double)
        case .text(let text): self = .text(text)
        case .blob(let buffer): self = .blob(Array(buffer.readableBytesView))
        case .null: self = .null
        }
    }
}

/// A column name as a coding key, for the error of a missing column.
private struct ColumnKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
