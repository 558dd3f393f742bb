import Foundation
import SQLKit

extension SQLRow {
    /// A text column read into a value (an enum by its raw value, a day, a decimal); a row whose text does
    /// not read is a corrupt row, reported with the column and the text.
    func decode<Value>(column: String, parsing parse: (String) -> Value?) throws -> Value {
        let text = try decode(column: column, as: String.self)
        guard let value = parse(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "\(column): cannot read \(text)"))
        }
        return value
    }
}
