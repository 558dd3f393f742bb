import KeruenCore

/// A chapter (2 digits), heading (4) or subheading (6) of the Harmonized System 2022.
public struct HSEntry: Sendable, Equatable, Codable {
    public var code: String
    public var description: String
    /// The code of the level above; nil for chapters.
    public var parent: String?
    public var section: String

    public var level: Int { code.count }
}

/// An ISO 3166-1 country with names in the working languages.
public struct Country: Sendable, Equatable, Codable {
    public var alpha2: String
    public var alpha3: String
    public var numeric: String
    public var names: LocalizedText
}

/// An ISO 4217 currency.
public struct Currency: Sendable, Equatable, Codable {
    public var code: String
    public var numeric: String
    public var name: String
    /// Digits after the decimal point (2 for KZT: tiyn).
    public var minorUnit: Int?
}
