import Foundation

/// The reference data a declaration is checked against. `KeruenReference` provides the bundled one.
public protocol ReferenceCatalog: Sendable {
    /// Whether the six digits are an HS 2022 subheading.
    func isSubheading(_ code: String) -> Bool
    func isCountry(_ alpha2: String) -> Bool
    func isCurrency(_ alpha3: String) -> Bool
    func office(_ code: String) -> CustomsOffice?
}

/// A customs office in the committee → department → customs house → post hierarchy.
public struct CustomsOffice: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable { case committee, department, house, post, checkpoint }

    public var code: String
    public var names: LocalizedText
    public var kind: Kind
    public var parent: String?
    public var region: String?
    public var borderWith: String?
    public var modes: [String]
    /// Where it is (for transit routes and tracks); nil for offices that do not stand on a route.
    public var location: GeoPoint?
    /// For a road checkpoint with an electronic queue: trucks it clears per hour in each direction.
    public var trucksPerHour: Int?

    public init(code: String, names: LocalizedText, kind: Kind, parent: String?, region: String?, borderWith: String?, modes: [String],
                location: GeoPoint? = nil, trucksPerHour: Int? = nil) {
        self.code = code
        self.names = names
        self.kind = kind
        self.parent = parent
        self.region = region
        self.borderWith = borderWith
        self.modes = modes
        self.location = location
        self.trucksPerHour = trucksPerHour
    }

    /// Posts and checkpoints declare goods; the levels above them only supervise.
    public var acceptsDeclarations: Bool { kind == .post || kind == .checkpoint }
}

/// A name in the three working languages.
public struct LocalizedText: Codable, Sendable, Equatable {
    public var en: String
    public var ru: String
    public var kk: String

    public init(en: String, ru: String, kk: String) {
        self.en = en
        self.ru = ru
        self.kk = kk
    }

    public func text(in language: Language) -> String {
        switch language {
        case .en: en
        case .ru: ru.isEmpty ? en : ru
        case .kk: kk.isEmpty ? (ru.isEmpty ? en : ru) : kk
        }
    }
}

/// The working languages of the portal and the API's messages.
public enum Language: String, Codable, Sendable, CaseIterable {
    case kk, ru, en

    /// Picks the best supported language from an `Accept-Language` header (quality values honoured).
    public static func preferred(acceptLanguage header: String?) -> Language? {
        guard let header else { return nil }
        var best: (Language, Double)?
        for part in header.split(separator: ",") {
            let fields = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = fields.first?.lowercased() else { continue }
            let quality = fields.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            let primary = String(tag.split(separator: "-").first ?? "")
            guard let language = Language(rawValue: primary), quality > 0 else { continue }
            if best == nil || quality > best!.1 { best = (language, quality) }
        }
        return best?.0
    }
}
