import KeruenSQLite
import Logging
import NIOCore
import NIOPosix
import SQLKit
import SQLiteKit

/// SQLKit's view of an ``EmbeddedSQLiteConnection``: queries are serialised with SQLiteKit's dialect
/// and run at once on the caller's thread.
struct EmbeddedSQLiteDatabase: SQLDatabase {
    let connection: EmbeddedSQLiteConnection
    let logger: Logger
    let eventLoop: any EventLoop = MultiThreadedEventLoopGroup.singleton.any()
    var dialect: any SQLDialect { SQLiteDialect() }
    var queryLogLevel: Logger.Level? { nil }
    private static let encoder = SQLiteDataEncoder()

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) -> EventLoopFuture<Void> {
        eventLoop.makeCompletedFuture { try run(query, onRow) }
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        try run(query, onRow)
    }

    private func run(_ query: any SQLExpression, _ onRow: (any SQLRow) -> Void) throws {
        let (sql, values): (String, [SQLiteValue])
        if let prepared = query as? PreparedStatement, let encoded = prepared.sqliteValues {
            (sql, values) = (prepared.sql, encoded)
        } else {
            let (text, binds) = serialize(query)
            (sql, values) = (text, try Self.encode(binds))
        }
        try connection.run(sql, binds: values) { columns, values in
            onRow(EmbeddedSQLiteRow(columns: columns, values: values))
        }
    }

    /// The binds as SQLite values: text and integers, most of what is written, without SQLiteKit's encoder
    /// (which took more of a batch insert than SQLite did).
    static func encode(_ binds: [any Encodable & Sendable]) throws -> [SQLiteValue] {
        try binds.map { bind in
            switch bind {
            case let text as String: .text(text)
            case let integer as Int64: .integer(integer)
            case let integer as Int: .integer(Int64(integer))
            default: SQLiteValue(try encoder.encode(bind))
            }
        }
    }
}
