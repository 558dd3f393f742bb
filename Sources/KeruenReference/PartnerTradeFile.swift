import Foundation
import KeruenCore
import SwiftCSV

/// A partner country's trade figures in the UN Comtrade CSV layout (as its data portal exports them),
/// read whole or refused whole, each bad line named. Columns read (others are ignored): `period`
/// (YYYY or YYYYMM), `reporterISO` and `partnerISO` (ISO 3166 alpha-3), `flowCode` (M or X), `cmdCode`
/// (an HS code of 2, 4 or 6 digits, or TOTAL), `primaryValue` (US dollars), `netWgt` (kilograms; may be empty).
public enum PartnerTradeFile {
    public static let columns = ["period", "reporterISO", "partnerISO", "flowCode", "cmdCode", "primaryValue"]

    public static func parse(_ text: String, countries: [String: Country]) -> Result<[PartnerTradeFigure], TariffFile.Refused> {
        let csv: CSV<Named>
        do { csv = try CSV<Named>(string: text) } catch { return .failure(.init(refusals: [.init(line: 1, reason: "not CSV: \(error)")])) }
        let missing = columns.filter { !csv.header.contains($0) }
        guard missing.isEmpty else { return .failure(.init(refusals: [.init(line: 1, reason: "missing columns: \(missing.joined(separator: ", "))")])) }
        let alpha2 = Dictionary(countries.values.map { ($0.alpha3, $0.alpha2) }, uniquingKeysWith: { first, _ in first })
        var figures: [PartnerTradeFigure] = [], refusals: [TariffFile.Refusal] = []
        var seen: Set<String> = []
        for (index, row) in csv.rows.enumerated() {
            let line = index + 2
            func field(_ name: String) -> String { (row[name] ?? "").trimmingCharacters(in: .whitespaces) }
            func refuse(_ reason: String) { refusals.append(.init(line: line, reason: reason)) }
            guard let period = Self.period(field("period")) else { refuse("period \(field("period")) is not YYYY or YYYYMM"); continue }
            guard let reporter = alpha2[field("reporterISO")] else { refuse("unknown reporterISO \(field("reporterISO"))"); continue }
            guard let partner = alpha2[field("partnerISO")] else { refuse("unknown partnerISO \(field("partnerISO"))"); continue }
            guard let flow = TradeFlow(letter: field("flowCode")) else { refuse("flowCode \(field("flowCode")) is not M or X"); continue }
            let code = field("cmdCode")
            guard code == "TOTAL" || ([2, 4, 6].contains(code.count) && code.allSatisfy { $0.isASCII && $0.isNumber }) else {
                refuse("cmdCode \(code) is not an HS code of 2, 4 or 6 digits or TOTAL"); continue
            }
            guard let value = Self.scaled(field("primaryValue"), by: 100) else { refuse("primaryValue \(field("primaryValue")) is not an amount"); continue }
            let mass = field("netWgt")
            let grams = mass.isEmpty ? nil : Self.scaled(mass, by: 1000)
            if !mass.isEmpty && grams == nil { refuse("netWgt \(mass) is not a mass"); continue }
            guard seen.insert([reporter, partner, period, flow.rawValue, code].joined(separator: "|")).inserted else {
                refuse("a second line for \(reporter) \(partner) \(period) \(flow.letter) \(code)"); continue
            }
            figures.append(PartnerTradeFigure(reporter: reporter, partner: partner, period: period, flow: flow, code: code, valueUSDCents: value, netMassGrams: grams))
        }
        return refusals.isEmpty ? .success(figures) : .failure(.init(refusals: refusals))
    }

    /// "2024" stays; "202403" becomes "2024-03".
    static func period(_ text: String) -> String? {
        guard text.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        if text.count == 4 { return text }
        guard text.count == 6, let month = TradePeriod(String(text.prefix(4)) + "-" + String(text.suffix(2))) else { return nil }
        return month.description
    }

    /// A non-negative decimal (a point, no grouping) times `factor`, rounded half up.
    static func scaled(_ text: String, by factor: Int) -> Int64? {
        guard let decimal = DecimalText.parse(text), decimal >= 0 else { return nil }
        return TradeRecord.scaled(decimal, by: factor)
    }
}
