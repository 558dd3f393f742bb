/// The few places where SQLite and PostgreSQL SQL differ. Everything else is written once.
public enum Dialect: String, Sendable {
    case sqlite
    case postgres
}
