import Foundation
import KeruenCore
import KeruenReference

/// Generated risk profiles in the shapes analysts write (a code with origins, a code with a value per
/// kilogram, a declarant, a consignor and dispatch country, codes scoped to offices, a few on numbers
/// alone), for the benchmark and for loading a realistic number of profiles into a test installation.
/// Codes are drawn from the nomenclature's headings (two in three) and subheadings, as analysts write
/// them, so a declaration meets as many profiles as its goods would in practice. The same seed gives
/// the same profiles.
public enum SyntheticRiskProfiles {
    public static func make(count: Int, reference: ReferenceData, seed: UInt64 = 2026,
                            validFrom: CustomsDay = CustomsDay(year: 2025, month: 1, day: 1),
                            at now: Date = Date(timeIntervalSince1970: 1_735_689_600)) -> [RiskProfile] {
        let headings = reference.hs.keys.filter { $0.utf8.count == 4 }.sorted(), subheadings = reference.hs.keys.filter { $0.utf8.count == 6 }.sorted()
        var random = SeededRandomNumberGenerator(seed: seed)
        let countries = ["CN", "TR", "DE", "IT", "PL", "US", "IN", "VN", "KR", "JP", "UZ", "KG", "RU", "BY", "AE", "IR", "PK", "TH", "MY", "ID",
                         "FR", "ES", "NL", "GB", "BR", "MX", "EG", "UA", "GE", "AZ"]
        let offices = [DemoData.officeCode, "55202020", "55201020", "55101010"]
        func pick<T>(_ values: [T]) -> T { values[Int(random.next() % UInt64(values.count))] }
        func prefix() -> String { random.next() % 3 == 0 ? pick(subheadings) : pick(headings) }
        func code() -> RiskCondition { .test(RiskTest(.commodityCode, .startsWith([prefix()]))) }
        func origins() -> RiskCondition {
            .test(RiskTest(.originCountry, .oneOf((0...Int(random.next() % 3)).map { _ in pick(countries) })))
        }
        func digits(_ count: Int) -> String { String((0..<count).map { _ in Character(String(random.next() % 10)) }) }
        return (0..<count).map { index in
            let shape = random.next() % 100
            let condition: RiskCondition
            var scope: [String] = []
            switch shape {
            case 0..<55: condition = .all([code(), origins()])
            case 55..<70: condition = .all([code(), .test(RiskTest(.valuePerKg, .below(Decimal(1 + Int(random.next() % 40)))))])
            case 70..<80: condition = .test(RiskTest(.declarant, .oneOf([digits(12)])))
            case 80..<90:
                condition = .any([code(), code()])
                scope = [pick(offices)]
            case 90..<95: condition = .all([.test(RiskTest(.consignor, .oneOf(["SUPPLIER \(digits(5))"]))), .test(RiskTest(.dispatchCountry, .oneOf([pick(countries)])))])
            case 95..<99: condition = .all([code(), .not(.test(RiskTest(.aeo, .is(true))))])
            default: condition = .all([.test(RiskTest(.violationShare, .above(Decimal(string: "0.5")!))), .test(RiskTest(.netToGross, .below(Decimal(string: "0.3")!)))])
            }
            let channel: Channel = random.next() % 4 == 0 ? .red : .yellow
            return RiskProfile(id: String(format: "RP-SYN-%05d", index + 1), title: "Synthetic profile \(index + 1)",
                               rationale: "Generated for measurement.", condition: condition,
                               measure: RiskMeasure(channel: channel, examination: channel == .red ? .fullExamination : .documents,
                                                    instruction: "Check the goods against the documents."),
                               priority: 1 + Int(random.next() % 100), offices: scope, validFrom: validFrom, status: .active,
                               author: "generator", approver: "generator", createdAt: now, decidedAt: now)
        }
    }
}
