import Foundation
import KeruenCore
import KeruenReference

/// A generated foreign-trade history for demonstrations and measurements (`keruen demo history`): statistical
/// records of declarations released over past months, shaped like Kazakhstan's trade — Russia and China the
/// largest partners, exports mostly oil, metals, ores and grain by rail and pipeline, imports mostly machinery,
/// vehicles, electronics and consumer goods by road and rail, a few thousand declarants of whom a few hundred
/// file most declarations, and trade growing year on year. The same seed gives the same history.
///
/// Only the records are made (not signed declarations): a history of millions of items could not be filed
/// through the API in any reasonable time, and statistics read nothing else. Their declaration ids begin
/// with "H-" so they never meet a real declaration's.
public struct TradeHistory: Sendable {
    public let items: Int
    public let months: [TradePeriod]
    private let reference: ReferenceData
    private let seed: UInt64

    /// `items` goods items over the `years` × 12 months before `before`.
    public init(items: Int, years: Int, before: TradePeriod, reference: ReferenceData, seed: UInt64 = 2026) {
        self.items = items
        var months = [before.previous]
        while months.count < years * 12 { months.insert(months[0].previous, at: 0) }
        self.months = months
        self.reference = reference
        self.seed = seed
    }

    /// The history month by month, about 5 % more each year and busier in the autumn; `body` takes each month's records.
    public func generate(_ body: (TradePeriod, [TradeRecord]) async throws -> Void) async throws {
        var random = SeededRandomNumberGenerator(seed: seed)
        let weights = months.enumerated().map { index, month in pow(1.05, Double(index) / 12) * (1 + 0.15 * sin(Double(month.month - 7) / 12 * 2 * .pi)) }
        let total = weights.reduce(0, +)
        let mix = Mix(reference: reference)
        var made = 0, declaration = 0
        for (index, month) in months.enumerated() {
            let target = index == months.count - 1 ? items - made : Int((Double(items) * weights[index] / total).rounded())
            var records: [TradeRecord] = []
            records.reserveCapacity(target)
            while records.count < target {
                declaration += 1
                records += mix.declaration(id: "H-" + String(declaration), in: month, items: min(target - records.count, mix.itemCount(&random)), &random)
            }
            made += records.count
            try await body(month, records)
        }
    }

    /// The weighted choices a generated declaration is made from.
    struct Mix {
        let importPartners: Weighted<String>, exportPartners: Weighted<String>
        let importCodes: Weighted<String>, exportCodes: Weighted<String>
        let declarants: Weighted<String>
        let offices: [String: [String]]
        /// US dollars per kilogram by chapter (what a kilogram of the chapter's goods is worth, roughly).
        static let pricePerKg: [String: Double] = ["27": 0.5, "26": 0.3, "72": 0.7, "10": 0.25, "74": 8, "28": 1.5, "79": 2.5, "76": 2.4,
                                                   "84": 35, "85": 55, "87": 14, "30": 120, "39": 2.5, "73": 3, "94": 6, "64": 25, "61": 30,
                                                   "62": 35, "90": 150, "08": 1.2, "22": 2, "33": 9, "40": 4, "48": 1.5, "71": 30_000]
        /// The tenge price of a dollar by year, near the National Bank's yearly averages.
        static let tengePerDollar: [Int: Int64] = [2020: 41_299, 2021: 42_601, 2022: 46_048, 2023: 45_661, 2024: 46_912, 2025: 51_250, 2026: 51_800]

        init(reference: ReferenceData) {
            importPartners = Weighted(["RU": 34, "CN": 30, "DE": 5, "KR": 4, "TR": 4, "US": 3, "UZ": 3, "IT": 2, "JP": 2, "FR": 2, "BY": 2, "IN": 1.5,
                                       "PL": 1, "KG": 1, "NL": 1, "GB": 0.8, "CZ": 0.6, "VN": 0.6, "AE": 0.5, "BR": 0.4],
                                      tail: reference.countries.keys.sorted(), tailWeight: 0.03)
            exportPartners = Weighted(["CN": 20, "IT": 15, "RU": 12, "NL": 6, "UZ": 6, "KG": 4, "TR": 4, "FR": 3, "KR": 2, "ES": 2, "AF": 2,
                                       "TJ": 2, "AZ": 1.5, "GR": 1, "IR": 1, "CH": 1, "BY": 1, "DE": 1, "IN": 0.8, "GB": 0.6],
                                      tail: reference.countries.keys.sorted(), tailWeight: 0.02)
            let subheadings = reference.hs.keys.filter { $0.utf8.count == 6 }.sorted()
            func codes(_ chapters: [String: Double]) -> Weighted<String> {
                // A chapter's subheadings by a Zipf law (a few dominate), each with one to three national 10-digit codes.
                var weights: [(String, Double)] = []
                for (chapter, share) in chapters.sorted(by: { $0.key < $1.key }) {
                    // Ranked in a scrambled but fixed order: in the nomenclature's order the chapter's first subheadings
                    // (nuclear reactors, for chapter 84) would lead.
                    let inChapter = subheadings.filter { $0.hasPrefix(chapter) }.sorted { Self.scrambled($0) < Self.scrambled($1) }
                    let harmonic = inChapter.indices.reduce(0.0) { $0 + 1 / Double($1 + 1) }
                    for (rank, code) in inChapter.enumerated() {
                        let national = ["0000", "1000", "9000"].prefix(1 + code.utf8.reduce(0) { $0 + Int($1) } % 3)
                        for suffix in national { weights.append((code + suffix, share / harmonic / Double(rank + 1) / Double(national.count))) }
                    }
                }
                let others = subheadings.filter { chapters[String($0.prefix(2))] == nil }
                weights += others.map { ($0 + "0000", 2.0 / Double(others.count)) }
                return Weighted(weights)
            }
            importCodes = codes(["84": 16, "85": 13, "87": 9, "30": 5, "39": 4, "73": 4, "72": 3, "94": 3, "90": 3, "64": 2, "61": 2, "62": 2,
                                 "08": 2, "22": 2, "33": 2, "40": 2, "48": 2, "17": 1, "44": 1, "21": 1, "95": 1, "69": 1, "70": 1, "76": 1])
            exportCodes = codes(["27": 40, "72": 8, "26": 8, "10": 8, "74": 6, "28": 5, "79": 3, "12": 3, "71": 3, "15": 2, "76": 2, "81": 2,
                                 "11": 2, "02": 1, "52": 1, "31": 1, "41": 1])
            // 4,000 traders: a Zipf law, so a few hundred file most declarations and many file a few.
            let numbers = (0..<5_000).compactMap { IdentificationNumber.completing(String(format: "%06d40%03d", 10_000 + $0 * 37, $0 % 1000))?.digits }
            declarants = Weighted(numbers.prefix(4_000).enumerated().map { rank, number in (number, 1 / pow(Double(rank + 1), 0.9)) })
            var offices: [String: [String]] = [:]
            for office in reference.offices.values where office.kind == .post {
                for mode in office.modes { offices[mode, default: []].append(office.code) }
            }
            self.offices = offices.mapValues { $0.sorted() }
        }

        /// A fixed pseudo-random rank for a code (FNV-1a of its digits).
        static func scrambled(_ code: String) -> UInt64 {
            code.utf8.reduce(14_695_981_039_346_656_037) { ($0 ^ UInt64($1)) &* 1_099_511_628_211 }
        }

        func itemCount(_ random: inout SeededRandomNumberGenerator) -> Int {
            // Most declarations carry a few items, some dozens: 1 + geometric with mean 4.
            var count = 1
            while count < 60, Double(random.next() % 1000) < 800 { count += 1 }
            return count
        }

        func declaration(id: String, in month: TradePeriod, items: Int, _ random: inout SeededRandomNumberGenerator) -> [TradeRecord] {
            let isImport = random.next() % 100 < 70
            let flow: TradeFlow = isImport ? .import : .export
            let partner = (isImport ? importPartners : exportPartners).pick(&random)
            let declarant = declarants.pick(&random)
            let roll = random.next() % 100
            let (mode, transport) = isImport ? (roll < 55 ? ("road", "30") : roll < 87 ? ("rail", "20") : roll < 97 ? ("air", "40") : ("sea", "10"))
                : (roll < 50 ? ("rail", "20") : roll < 80 ? ("road", "30") : roll < 95 ? ("rail", "71") : roll < 98 ? ("air", "40") : ("sea", "10"))
            let postsForMode = offices[mode] ?? offices.values.first ?? ["55000000"]
            let office = postsForMode[Int(random.next() % UInt64(postsForMode.count))]
            let procedure = isImport ? ["40", "40", "40", "40", "40", "40", "40", "40", "51", "53"][Int(random.next() % 10)]
                : ["10", "10", "10", "10", "10", "10", "10", "10", "10", "31"][Int(random.next() % 10)]
            let rate = Self.tengePerDollar[month.year] ?? 50_000
            return (1...items).map { item in
                let code = (isImport ? importCodes : exportCodes).pick(&random)
                // A log-normal value around 6,000 dollars (Box–Muller from two uniform draws).
                let u1 = max(Double(random.next() % 1_000_000) / 1_000_000, 1e-6), u2 = Double(random.next() % 1_000_000) / 1_000_000
                let cents = Int64(600_000 * exp(1.4 * sqrt(-2 * log(u1)) * cos(2 * .pi * u2)))
                let perKg = Self.pricePerKg[String(code.prefix(2))] ?? 10
                let grams = max(1, Int64(Double(cents) / 100 / perKg * 1000))
                let pieces = ["84", "85", "87", "64", "61", "62"].contains(String(code.prefix(2))) ? max(1, grams / 25_000) * 1000 : 0
                return TradeRecord(declarationID: id, item: item,
                                   cell: TradeCell.Key(period: month, flow: flow, partner: partner, code: code, procedure: procedure, office: office,
                                                       transport: transport, declarant: declarant),
                                   measures: TradeCell.Measures(items: 1, valueTiyn: cents * rate / 100, valueUSDCents: cents, netMassGrams: grams,
                                                                supplementaryThousandths: pieces))
            }
        }
    }

    /// Values drawn in proportion to their weights (a cumulative table searched by halves).
    struct Weighted<Value> {
        let values: [Value]
        let cumulative: [Double]

        init(_ weighted: [(Value, Double)]) {
            values = weighted.map(\.0)
            var sum = 0.0
            cumulative = weighted.map { sum += $0.1; return sum }
        }

        init(_ named: [Value: Double], tail: [Value], tailWeight: Double) where Value: Hashable & Comparable {
            self.init(named.sorted { $0.key < $1.key }.map { ($0.key, $0.value) } + tail.filter { named[$0] == nil }.map { ($0, tailWeight) })
        }

        func pick(_ random: inout SeededRandomNumberGenerator) -> Value {
            let target = Double(random.next() % 1_000_000_000) / 1_000_000_000 * cumulative[cumulative.count - 1]
            var low = 0, high = cumulative.count - 1
            while low < high {
                let middle = (low + high) / 2
                if cumulative[middle] <= target { low = middle + 1 } else { high = middle }
            }
            return values[low]
        }
    }
}
