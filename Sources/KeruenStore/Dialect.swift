/// The few places where SQLite and PostgreSQL SQL differ. Everything else is written once.
public enum Dialect: String, Sendable {
    case sqlite
    case postgres

    /// Row lock for read-modify-write inside a transaction. SQLite's write transactions are already
    /// exclusive (BEGIN IMMEDIATE), so it needs none.
    var forUpdate: String { self == .postgres ? " FOR UPDATE" : "" }
}
