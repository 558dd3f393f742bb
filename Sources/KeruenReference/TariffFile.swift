import Foundation
import KeruenCore
import SwiftCSV

/// A tariff in CSV (columns in docs/payments.md), read whole or refused whole: the first problem of
/// each bad line is reported with its line number, and nothing of a refused file is used.
public enum TariffFile {
    public struct Refusal: Error, Equatable, CustomStringConvertible {
        public let line: Int
        public let reason: String
        public var description: String { "line \(line): \(reason)" }
    }

    /// Every bad line of a refused file.
    public struct Refused: Error, Equatable, CustomStringConvertible {
        public let refusals: [Refusal]
        public var description: String { refusals.map(\.description).joined(separator: "\n") }
    }

    public static let columns = ["id", "kind", "code", "valid_from", "valid_to", "origins", "rate", "percent", "amount", "currency", "unit",
                                 "combination", "percent_of_duty", "payment_code", "note"]

    /// The illustrative tariff of the demo data set (not the EAEU's rates; see its note column).
    public static func illustrative() throws -> [TariffRecord] {
        guard let url = Bundle.module.url(forResource: "Data/illustrative-tariff", withExtension: "csv") else {
            throw ReferenceData.LoadError.missingResource("illustrative-tariff.csv")
        }
        return try parse(String(contentsOf: url, encoding: .utf8)).get()
    }

    public static func parse(_ text: String) -> Result<[TariffRecord], Refused> {
        let csv: CSV<Named>
        do { csv = try CSV<Named>(string: text) } catch { return .failure(Refused(refusals: [Refusal(line: 1, reason: "not CSV: \(error)")])) }
        let missing = columns.filter { !csv.header.contains($0) }
        guard missing.isEmpty else { return .failure(Refused(refusals: [Refusal(line: 1, reason: "missing columns: \(missing.joined(separator: ", "))")])) }
        var records: [TariffRecord] = []
        var refusals: [Refusal] = []
        var ids: Set<String> = []
        for (index, row) in csv.rows.enumerated() {
            let line = index + 2
            do {
                let record = try record(row)
                guard ids.insert(record.id).inserted else { throw Reason("duplicate id \(record.id)") }
                records.append(record)
            } catch let reason as Reason {
                refusals.append(Refusal(line: line, reason: reason.text))
            } catch {
                refusals.append(Refusal(line: line, reason: "\(error)"))
            }
        }
        return refusals.isEmpty ? .success(records) : .failure(Refused(refusals: refusals))
    }

    struct Reason: Error {
        let text: String
        init(_ text: String) { self.text = text }
    }

    static func record(_ row: [String: String]) throws -> TariffRecord {
        func field(_ name: String) -> String? {
            let value = row[name]?.trimmingCharacters(in: .whitespaces) ?? ""
            return value.isEmpty ? nil : value
        }
        func decimal(_ name: String) throws -> Decimal {
            guard let text = field(name) else { throw Reason("\(name) is required") }
            guard let value = DecimalText.stored(text), value >= 0 else { throw Reason("\(name) \(text) is not a number of zero or more") }
            return value
        }
        func day(_ name: String) throws -> CustomsDay? {
            guard let text = field(name) else { return nil }
            guard let day = CustomsDay(iso: text) else { throw Reason("\(name) \(text) is not a date YYYY-MM-DD") }
            return day
        }
        guard let id = field("id") else { throw Reason("id is required") }
        guard let kindText = field("kind"), let kind = TariffRecord.Kind(rawValue: kindText) else {
            throw Reason("kind must be one of \(TariffRecord.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let code = field("code") ?? ""
        guard code.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }), Tariff.prefixLengths.contains(code.count) else {
            throw Reason("code \(code) must have 4, 6, 8 or 10 digits, or be empty for all goods")
        }
        guard let validFrom = try day("valid_from") else { throw Reason("valid_from is required") }
        let validTo = try day("valid_to")
        if let validTo, validTo < validFrom { throw Reason("valid_to is before valid_from") }
        let origins = field("origins").map { Set($0.split(whereSeparator: { $0 == " " || $0 == ";" }).map(String.init)) }
        if let origins, origins.contains(where: { $0.count != 2 }) { throw Reason("origins must be ISO alpha-2 country codes") }

        func specific() throws -> SpecificRate {
            guard let currency = field("currency"), currency.count == 3 else { throw Reason("currency (3 letters) is required") }
            guard let unitText = field("unit"), let unit = TariffUnit(name: unitText) else { throw Reason("unit is unknown or missing") }
            return SpecificRate(amount: try decimal("amount"), currency: currency, unit: unit)
        }
        let rate: DutyRate
        switch field("rate") ?? (kind == .preference ? "exempt" : "") {
        case "exempt": rate = .exempt
        case "ad-valorem": rate = .adValorem(percent: try decimal("percent"))
        case "specific": rate = .specific(try specific())
        case "combined":
            guard let rule = field("combination").flatMap(DutyRate.CombinationRule.init) else { throw Reason("combination must be greater or sum") }
            rate = .combined(percent: try decimal("percent"), specific: try specific(), rule: rule)
        case let other: throw Reason("rate \(other) must be exempt, ad-valorem, specific or combined")
        }
        let percentOfDuty = kind == .preference ? try decimal("percent_of_duty") : nil
        if kind == .preference && origins == nil { throw Reason("a preference needs origins") }
        if kind == .fee, case .specific(let fee) = rate, fee.unit == .declaration {} else if kind == .fee {
            throw Reason("a fee is a specific amount per declaration")
        }
        return TariffRecord(id: id, kind: kind, commodityPrefix: code, validFrom: validFrom, validTo: validTo, origins: origins, rate: rate,
                            percentOfDuty: percentOfDuty, paymentCode: field("payment_code"), note: field("note") ?? "")
    }
}
