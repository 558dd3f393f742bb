import Foundation
import KeruenCore
import SwiftCSV

/// The reference data bundled with Keruen (HS 2022, countries, currencies, customs offices), loaded once
/// at start-up and read-only afterwards. See Data/PROVENANCE.md for where each file comes from.
public final class ReferenceData: ReferenceCatalog, Sendable {
    public let hs: [String: HSEntry]
    public let hsChildren: [String: [String]]
    public let sections: [String: String]
    public let countries: [String: Country]
    public let currencies: [String: Currency]
    /// Countries by alpha-2 code and currencies by code, sorted once for lists and pick-lists.
    public let sortedCountries: [Country]
    public let sortedCurrencies: [Currency]
    public let offices: [String: CustomsOffice]
    public let officeChildren: [String: [String]]
    /// Lower-cased descriptions, for word search.
    private let hsSearchText: [(code: String, text: String)]

    public enum LoadError: Error, CustomStringConvertible {
        case missingResource(String)
        case badRow(file: String, row: Int, reason: String)
        public var description: String {
            switch self {
            case .missingResource(let name): "reference file \(name) is missing from the bundle"
            case .badRow(let file, let row, let reason): "\(file) row \(row): \(reason)"
            }
        }
    }

    /// Loads the files bundled with the KeruenReference module.
    public static func bundled() throws -> ReferenceData {
        try ReferenceData(directory: try bundledDirectory())
    }

    static func bundledDirectory() throws -> URL {
        guard let url = Bundle.module.url(forResource: "Data", withExtension: nil) else {
            throw LoadError.missingResource("Data")
        }
        return url
    }

    public init(directory: URL) throws {
        func rows(_ name: String) throws -> [[String: String]] {
            let url = directory.appendingPathComponent(name)
            guard var text = try? String(contentsOf: url, encoding: .utf8) else { throw LoadError.missingResource(name) }
            if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
            return try CSV<Named>(string: text, delimiter: .comma, loadColumns: false).rows
        }

        var hs: [String: HSEntry] = [:]
        var children: [String: [String]] = [:]
        for (index, row) in try rows("hs2022-nomenclature.csv").enumerated() {
            // The source's "TOTAL" section holds a grand total and the UN's "not specified" codes (99, 9999, 999999): not goods.
            if row["section"] == "TOTAL" { continue }
            guard let code = row["hscode"], let description = row["description"], let section = row["section"],
                  [2, 4, 6].contains(code.count), code.allSatisfy(\.isNumber) else {
                throw LoadError.badRow(file: "hs2022-nomenclature.csv", row: index + 2, reason: "not an HS code")
            }
            let parent = row["parent"].flatMap { $0 == "TOTAL" || $0.isEmpty ? nil : $0 }
            hs[code] = HSEntry(code: code, description: description, parent: parent, section: section)
            if let parent { children[parent, default: []].append(code) }
        }
        self.hs = hs
        self.hsChildren = children.mapValues { $0.sorted() }
        self.hsSearchText = hs.values.sorted { $0.code < $1.code }.map { ($0.code, $0.description.lowercased()) }

        var sections: [String: String] = [:]
        for row in try rows("hs2022-sections.csv") {
            if let section = row["section"], let name = row["name"] { sections[section] = name }
        }
        self.sections = sections

        var countries: [String: Country] = [:]
        for row in try rows("country-codes.csv") {
            guard let alpha2 = row["ISO3166-1-Alpha-2"], alpha2.count == 2 else { continue }
            let english = row["CLDR display name"].flatMap { $0.isEmpty ? nil : $0 } ?? row["official_name_en"] ?? alpha2
            let russian = row["UNTERM Russian Short"].flatMap { $0.isEmpty ? nil : $0 } ?? row["official_name_ru"] ?? ""
            // The source has no Kazakh names; the portal falls back to Russian, which every Kazakh reader reads.
            countries[alpha2] = Country(
                alpha2: alpha2, alpha3: row["ISO3166-1-Alpha-3"] ?? "", numeric: row["ISO3166-1-numeric"] ?? "",
                names: LocalizedText(en: english, ru: russian, kk: ""))
        }
        self.countries = countries
        self.sortedCountries = countries.values.sorted { $0.alpha2 < $1.alpha2 }

        var currencies: [String: Currency] = [:]
        for row in try rows("currency-codes.csv") {
            guard let code = row["AlphabeticCode"], code.count == 3, (row["WithdrawalDate"] ?? "").isEmpty else { continue }
            currencies[code] = Currency(code: code, numeric: row["NumericCode"] ?? "", name: row["Currency"] ?? code, minorUnit: row["MinorUnit"].flatMap { Int($0) })
        }
        self.currencies = currencies
        self.sortedCurrencies = currencies.values.sorted { $0.code < $1.code }

        var offices: [String: CustomsOffice] = [:]
        var officeChildren: [String: [String]] = [:]
        for (index, row) in try rows("kz-customs-offices.csv").enumerated() {
            guard let code = row["code"], code.count == 8, let kind = row["kind"].flatMap(CustomsOffice.Kind.init(rawValue:)) else {
                throw LoadError.badRow(file: "kz-customs-offices.csv", row: index + 2, reason: "bad code or kind")
            }
            let parent = row["parent"].flatMap { $0.isEmpty ? nil : $0 }
            offices[code] = CustomsOffice(
                code: code,
                names: LocalizedText(en: row["name_en"] ?? "", ru: row["name_ru"] ?? "", kk: row["name_kk"] ?? ""),
                kind: kind, parent: parent,
                region: row["region"].flatMap { $0.isEmpty ? nil : $0 },
                borderWith: row["border_with"].flatMap { $0.isEmpty ? nil : $0 },
                modes: (row["modes"] ?? "").split(separator: ";").map(String.init),
                location: row["latitude"].flatMap(Double.init).flatMap { latitude in row["longitude"].flatMap(Double.init).map { GeoPoint(latitude: latitude, longitude: $0) } },
                trucksPerHour: row["trucks_per_hour"].flatMap { Int($0) })
            if let parent { officeChildren[parent, default: []].append(code) }
        }
        self.offices = offices
        self.officeChildren = officeChildren.mapValues { $0.sorted() }
    }

    // MARK: ReferenceCatalog

    public func isSubheading(_ code: String) -> Bool { code.count == 6 && hs[code] != nil }
    public func isCountry(_ alpha2: String) -> Bool { countries[alpha2] != nil }
    public func isCurrency(_ alpha3: String) -> Bool { currencies[alpha3] != nil }
    public func office(_ code: String) -> CustomsOffice? { offices[code] }

    // MARK: Look-ups

    /// The chapter, heading and subheading a code (2 to 10 digits) falls under, outermost first.
    /// Empty when the code's chapter is unknown.
    public func hsAncestry(of code: String) -> [HSEntry] {
        [2, 4, 6].filter { $0 <= code.count }.compactMap { hs[String(code.prefix($0))] }
    }

    /// Entries whose description contains every word of the query (case-insensitive), chapters first.
    public func searchHS(_ query: String, limit: Int = 50) -> [HSEntry] {
        let words = query.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
        guard !words.isEmpty else { return [] }
        return hsSearchText.lazy
            .filter { entry in words.allSatisfy { entry.text.contains($0) } }
            .prefix(limit)
            .compactMap { self.hs[$0.code] }
    }

    /// The road border checkpoints (those that keep an electronic queue), in code order.
    public var roadCheckpoints: [CustomsOffice] {
        offices.values.filter { $0.borderWith != nil && $0.modes.contains("road") }.sorted { $0.code < $1.code }
    }

    /// The office and every office below it.
    public func officeSubtree(of code: String) -> Set<String> {
        var result: Set<String> = []
        var pending = [code]
        while let next = pending.popLast() {
            guard result.insert(next).inserted else { continue }
            pending.append(contentsOf: officeChildren[next] ?? [])
        }
        return result
    }
}
