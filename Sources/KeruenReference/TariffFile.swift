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

    public static var columns: [String] { TariffRecord.fieldNames }

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
            do throws(TariffRecord.FieldProblem) {
                let record = try TariffRecord(fields: row)
                guard ids.insert(record.id).inserted else { throw TariffRecord.FieldProblem("duplicate id \(record.id)") }
                records.append(record)
            } catch {
                refusals.append(Refusal(line: line, reason: error.text))
            }
        }
        return refusals.isEmpty ? .success(records) : .failure(Refused(refusals: refusals))
    }
}
