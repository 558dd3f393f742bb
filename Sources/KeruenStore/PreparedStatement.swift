import KeruenSQLite
import SQLKit

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
    /// Serialises `query` with this database's dialect, to be run later in a write transaction.
    func prepare(_ query: any SQLExpression) throws -> PreparedStatement {
        let (text, binds) = serialize(query)
        return PreparedStatement(sql: text, binds: binds, sqliteValues: self is EmbeddedSQLiteDatabase ? try EmbeddedSQLiteDatabase.encode(binds) : nil)
    }
}
