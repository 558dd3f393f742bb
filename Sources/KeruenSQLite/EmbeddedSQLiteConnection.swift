internal import CSQLite

/// One connection to the SQLite file, used synchronously by whoever holds it.
///
/// Why not sqlite-nio's connection: it runs every statement as its own trip to a thread pool and
/// back, and prepares it anew each time. A registration runs about a dozen statements while holding
/// the single writer, and those trips (not SQLite) were most of its cost. Here statements run on the
/// caller's thread, prepared once and kept. SQLite answers in microseconds (WAL, no fsync at commit),
/// so this is cheaper than any hand-off; the provider guarantees that only one task uses a
/// connection at a time.
public final class EmbeddedSQLiteConnection: @unchecked Sendable {
    private var handle: OpaquePointer?
    private var statements: [String: PreparedStatement] = [:]
    /// Statements are kept by their text; texts vary with the number of rows inserted at once, so the
    /// cache is emptied when it grows past this many.
    private static let statementCacheLimit = 256

    /// A compiled statement with its result column names.
    final class PreparedStatement {
        let handle: OpaquePointer
        let columns: SQLiteColumns

        init(handle: OpaquePointer) {
            self.handle = handle
            let count = sqlite3_column_count(handle)
            columns = SQLiteColumns(names: (0..<count).map { String(cString: sqlite3_column_name(handle, $0)) })
        }

        deinit { sqlite3_finalize(handle) }
    }

    public init(path: String) throws {
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        var opened: OpaquePointer?
        let status = sqlite3_open_v2(path, &opened, flags, nil)
        guard status == SQLITE_OK, let opened else {
            let message = opened.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            sqlite3_close(opened)
            throw EmbeddedSQLiteError(code: status, message: message, sql: "open \(path)")
        }
        handle = opened
        sqlite3_extended_result_codes(opened, 1)
    }

    deinit { close() }

    public func close() {
        statements = [:]
        if let handle { sqlite3_close_v2(handle) }
        handle = nil
    }

    /// Runs one statement with its bound values, handing each result row to `onRow`.
    public func run(_ sql: String, binds: [SQLiteValue] = [], onRow: (SQLiteColumns, [SQLiteValue]) throws -> Void = { _, _ in }) throws {
        let statement = try prepared(sql)
        defer {
            sqlite3_reset(statement.handle)
            sqlite3_clear_bindings(statement.handle)
        }
        for (index, value) in binds.enumerated() {
            try bind(value, at: Int32(index + 1), in: statement.handle, sql: sql)
        }
        while true {
            let status = sqlite3_step(statement.handle)
            if status == SQLITE_DONE { return }
            guard status == SQLITE_ROW else { throw error(status, sql: sql) }
            let values = (0..<Int32(statement.columns.names.count)).map { column(at: $0, of: statement.handle) }
            try onRow(statement.columns, values)
        }
    }

    private func prepared(_ sql: String) throws -> PreparedStatement {
        if let cached = statements[sql] { return cached }
        var compiled: OpaquePointer?
        var tail: UnsafePointer<CChar>?
        let status = sql.withCString { sqlite3_prepare_v3(handle, $0, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &compiled, &tail) }
        guard status == SQLITE_OK, let compiled else { throw error(status, sql: sql) }
        let statement = PreparedStatement(handle: compiled)
        if let tail, tail.pointee != 0, !String(cString: tail).allSatisfy(\.isWhitespace) {
            throw EmbeddedSQLiteError(code: SQLITE_MISUSE, message: "one statement per call", sql: sql)
        }
        if statements.count >= Self.statementCacheLimit { statements = [:] }
        statements[sql] = statement
        return statement
    }

    private func bind(_ value: SQLiteValue, at index: Int32, in statement: OpaquePointer, sql: String) throws {
        let status: Int32
        switch value {
        case .integer(let integer):
            status = sqlite3_bind_int64(statement, index, integer)
        case .float(let double):
            status = sqlite3_bind_double(statement, index, double)
        case .text(let text):
            status = sqlite3_bind_text(statement, index, text, Int32(text.utf8.count), Self.transient)
        case .blob(let blob):
            status = sqlite3_bind_blob(statement, index, blob, Int32(blob.count), Self.transient)
        case .null:
            status = sqlite3_bind_null(statement, index)
        }
        guard status == SQLITE_OK else { throw error(status, sql: sql) }
    }

    private func column(at index: Int32, of statement: OpaquePointer) -> SQLiteValue {
        switch sqlite3_column_type(statement, index) {
        case SQLITE_INTEGER:
            return .integer(sqlite3_column_int64(statement, index))
        case SQLITE_FLOAT:
            return .float(sqlite3_column_double(statement, index))
        case SQLITE_TEXT:
            let count = Int(sqlite3_column_bytes(statement, index))
            guard let text = sqlite3_column_text(statement, index) else { return .text("") }
            return .text(String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self))
        case SQLITE_BLOB:
            let count = Int(sqlite3_column_bytes(statement, index))
            guard let bytes = sqlite3_column_blob(statement, index) else { return .blob([]) }
            return .blob(Array(UnsafeRawBufferPointer(start: bytes, count: count)))
        default:
            return .null
        }
    }

    private func error(_ status: Int32, sql: String) -> EmbeddedSQLiteError {
        EmbeddedSQLiteError(code: status, message: handle.map { String(cString: sqlite3_errmsg($0)) } ?? "closed", sql: sql)
    }

    /// Tells SQLite to copy bound text and blobs (SQLITE_TRANSIENT, which Swift cannot import).
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}

/// A value SQLite stores or returns.
public enum SQLiteValue: Sendable, Equatable {
    case integer(Int64)
    case float(Double)
    case text(String)
    case blob([UInt8])
    case null
}

/// The result column names of a statement, shared by all its rows.
public final class SQLiteColumns: Sendable {
    public let names: [String]
    public let positions: [String: Int]

    init(names: [String]) {
        self.names = names
        positions = Dictionary(names.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
    }
}

/// A failed SQLite call, with SQLite's own message and the statement.
public struct EmbeddedSQLiteError: Error, CustomStringConvertible {
    public let code: Int32
    public let message: String
    public let sql: String
    public var description: String { "SQLite error \(code): \(message) (\(sql))" }
}
