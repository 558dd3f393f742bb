import KeruenSQLite
import SQLKit
import Synchronization

/// A statement serialised, and for the embedded database its values encoded, before the write
/// transaction it runs in.
///
/// Why: writes run one transaction at a time on one thread (``GroupCommit``); building a statement
/// of thousands of values there (SQLKit's serialiser, each value's encoder) took more of that thread
/// than SQLite did. Prepared in a read session, the writer only binds and steps it.
public struct PreparedStatement: SQLExpression, Sendable {
    let sql: String
    let binds: [any Encodable & Sendable]
    /// The binds as the embedded SQLite database takes them; nil on PostgreSQL.
    let sqliteValues: [SQLiteValue]?

    /// Writes the statement whole: its placeholders are numbered from the first.
    public func serialize(to serializer: inout SQLSerializer) {
        precondition(serializer.sql.isEmpty && serializer.binds.isEmpty, "a prepared statement is run whole, not inside another")
        serializer.write(sql)
        serializer.binds = binds
    }
}

extension SQLDatabase {
    /// `head VALUES (…), (…) tail` with a row of `columns` placeholders for each `columns` of `values`,
    /// in their order. The text is serialised once per dialect, statement and row count.
    func prepareInsert(_ head: String, columns: Int, values: [StatementValue], tail: String) -> PreparedStatement {
        precondition(columns > 0 && values.count % columns == 0, "values fill whole rows")
        let key = [dialect.name, head, String(columns), String(values.count / columns), tail].joined(separator: "|")
        let text = insertTexts.withLock({ $0[key] }) ?? {
            var rows: [SQLQueryString] = []
            for row in 0..<values.count / columns {
                rows.append("(" + (0..<columns).map { column in SQLQueryString("\(bind: row * columns + column)") }.joined(separator: ", ") + ")")
            }
            let text = serialize(SQLQueryString(head) + " VALUES " + rows.joined(separator: ", ") + " " + SQLQueryString(tail)).sql
            insertTexts.withLock { texts in
                if texts.count >= 128 { texts.removeAll() }
                texts[key] = text
            }
            return text
        }()
        if self is EmbeddedSQLiteDatabase {
            return PreparedStatement(sql: text, binds: [], sqliteValues: values.map(\.sqlite))
        }
        return PreparedStatement(sql: text, binds: values.map(\.bind), sqliteValues: nil)
    }

    /// Runs a prepared statement as it is (run inside a builder it would be serialised again); answers its rows.
    func rows(of statement: PreparedStatement) async throws -> [any SQLRow] {
        let rows = Mutex<[any SQLRow]>([])
        try await execute(sql: statement) { row in rows.withLock { $0.append(row) } }
        return rows.withLock { $0 }
    }
}

/// A value of a prepared insert, made without boxing it as `any Encodable` (a device batch has 4,500).
public enum StatementValue: Sendable {
    case integer(Int64)
    case text(String)
    case null

    public init(_ text: String?) { self = text.map { .text($0) } ?? .null }

    var sqlite: SQLiteValue {
        switch self {
        case .integer(let integer): .integer(integer)
        case .text(let text): .text(text)
        case .null: .null
        }
    }

    var bind: any Encodable & Sendable {
        switch self {
        case .integer(let integer): integer
        case .text(let text): text
        case .null: String?.none
        }
    }
}

/// Multi-row insert texts by dialect, statement and row count (a device batch's is 4,500 placeholders).
private let insertTexts = Mutex<[String: String]>([:])
