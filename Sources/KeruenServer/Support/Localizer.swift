import Foundation
import KeruenCore

/// The Kazakh, Russian and English message catalogs (Localization/*.json), one key per message.
/// Messages name their arguments in braces: "at most {maximum} characters".
public struct Localizer: Sendable {
    private let catalogs: [Language: [String: String]]
    /// The catalogs shaped for templates, built once.
    private let nested: [Language: NestedStrings]

    public static func bundled() throws -> Localizer {
        var catalogs: [Language: [String: String]] = [:]
        for language in Language.allCases {
            guard let url = Bundle.module.url(forResource: "Localization/\(language.rawValue)", withExtension: "json") else {
                throw LocalizerError.missingCatalog(language.rawValue)
            }
            catalogs[language] = try JSONDecoder().decode([String: String].self, from: Data(contentsOf: url))
        }
        return Localizer(catalogs: catalogs)
    }

    init(catalogs: [Language: [String: String]]) {
        self.catalogs = catalogs
        var nested: [Language: NestedStrings] = [:]
        for (language, catalog) in catalogs {
            var root: [String: Any] = [:]
            for (key, value) in catalog {
                root = Self.inserting(value, at: key.split(separator: ".").map(String.init)[...], into: root)
            }
            nested[language] = NestedStrings(root)
        }
        self.nested = nested
    }

    /// The message in `language`, falling back to English, then to the key itself.
    /// An argument whose value has its own entry ("format.date" for `format` = "date") is given in words
    /// of the same language; any other value (a number, a code) is given as it is.
    public func text(_ key: String, _ language: Language, _ arguments: [String: String] = [:]) -> String {
        var text = lookUp(key, language) ?? key
        for (name, value) in arguments {
            text = text.replacingOccurrences(of: "{\(name)}", with: lookUp("\(name).\(value)", language) ?? value)
        }
        return text
    }

    private func lookUp(_ key: String, _ language: Language) -> String? {
        catalogs[language]?[key] ?? catalogs[.en]?[key]
    }

    public func message(for problem: ValidationProblem, in language: Language) -> String {
        text("field.\(problem.code.rawValue)", language, problem.arguments)
    }

    /// The catalog as nested dictionaries ("nav.new" → ["nav": ["new": …]]) for the Mustache templates,
    /// where a dot walks into a dictionary.
    public func templateStrings(_ language: Language) -> [String: Any] {
        nested[language]?.strings ?? [:]
    }

    private static func inserting(_ value: String, at path: ArraySlice<String>, into dictionary: [String: Any]) -> [String: Any] {
        var dictionary = dictionary
        guard let first = path.first else { return dictionary }
        if path.count == 1 {
            dictionary[first] = value
        } else {
            dictionary[first] = inserting(value, at: path.dropFirst(), into: dictionary[first] as? [String: Any] ?? [:])
        }
        return dictionary
    }
}

enum LocalizerError: Error { case missingCatalog(String) }

/// Nested string dictionaries are immutable once built; this lets them be shared between requests.
private struct NestedStrings: @unchecked Sendable {
    let strings: [String: Any]
    init(_ strings: [String: Any]) { self.strings = strings }
}
