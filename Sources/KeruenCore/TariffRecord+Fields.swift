import Foundation

/// A tariff record as named fields (the columns of a tariff file and of the stored table, documented
/// in docs/payments.md), read with every check a file needs, and written back the same way.
extension TariffRecord {
    public static let fieldNames = ["id", "kind", "code", "valid_from", "valid_to", "origins", "rate", "percent", "amount", "currency", "unit",
                                    "combination", "percent_of_duty", "payment_code", "note"]

    /// Why a record's fields were refused, in words for the line it came from.
    public struct FieldProblem: Error, Equatable {
        public let text: String
        public init(_ text: String) { self.text = text }
    }

    /// Reads a record from its fields, as a tariff file's line or a stored row gives them.
    public init(fields row: [String: String]) throws(FieldProblem) {
        func field(_ name: String) -> String? {
            let value = row[name]?.trimmingCharacters(in: .whitespaces) ?? ""
            return value.isEmpty ? nil : value
        }
        func decimal(_ name: String) throws(FieldProblem) -> Decimal {
            guard let text = field(name) else { throw FieldProblem("\(name) is required") }
            guard let value = DecimalText.stored(text), value >= 0 else { throw FieldProblem("\(name) \(text) is not a number of zero or more") }
            return value
        }
        func day(_ name: String) throws(FieldProblem) -> CustomsDay? {
            guard let text = field(name) else { return nil }
            guard let day = CustomsDay(iso: text) else { throw FieldProblem("\(name) \(text) is not a date YYYY-MM-DD") }
            return day
        }
        guard let id = field("id") else { throw FieldProblem("id is required") }
        guard let kindText = field("kind"), let kind = Kind(rawValue: kindText) else {
            throw FieldProblem("kind must be one of \(Kind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let code = field("code") ?? ""
        guard code.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }), Tariff.prefixLengths.contains(code.count) else {
            throw FieldProblem("code \(code) must have 4, 6, 8 or 10 digits, or be empty for all goods")
        }
        guard let validFrom = try day("valid_from") else { throw FieldProblem("valid_from is required") }
        let validTo = try day("valid_to")
        if let validTo, validTo < validFrom { throw FieldProblem("valid_to is before valid_from") }
        let origins = field("origins").map { Set($0.split(whereSeparator: { $0 == " " || $0 == ";" }).map(String.init)) }
        if let origins, origins.contains(where: { $0.count != 2 }) { throw FieldProblem("origins must be ISO alpha-2 country codes") }

        func specific() throws(FieldProblem) -> SpecificRate {
            guard let currency = field("currency"), currency.count == 3 else { throw FieldProblem("currency (3 letters) is required") }
            guard let unitText = field("unit"), let unit = TariffUnit(name: unitText) else { throw FieldProblem("unit is unknown or missing") }
            return SpecificRate(amount: try decimal("amount"), currency: currency, unit: unit)
        }
        let rate: DutyRate
        switch field("rate") ?? (kind == .preference ? "exempt" : "") {
        case "exempt": rate = .exempt
        case "ad-valorem": rate = .adValorem(percent: try decimal("percent"))
        case "specific": rate = .specific(try specific())
        case "combined":
            guard let rule = field("combination").flatMap(DutyRate.CombinationRule.init) else { throw FieldProblem("combination must be greater or sum") }
            rate = .combined(percent: try decimal("percent"), specific: try specific(), rule: rule)
        case let other: throw FieldProblem("rate \(other) must be exempt, ad-valorem, specific or combined")
        }
        let percentOfDuty = kind == .preference ? try decimal("percent_of_duty") : nil
        if kind == .preference && origins == nil { throw FieldProblem("a preference needs origins") }
        if kind == .fee, case .specific(let fee) = rate, fee.unit == .declaration {} else if kind == .fee {
            throw FieldProblem("a fee is a specific amount per declaration")
        }
        self.init(id: id, kind: kind, commodityPrefix: code, validFrom: validFrom, validTo: validTo, origins: origins, rate: rate,
                            percentOfDuty: percentOfDuty, paymentCode: field("payment_code"), note: field("note") ?? "")
    }

    /// The fields `init(fields:)` reads back as this record; empty fields are left out but the code (empty: all goods).
    public var fields: [String: String] {
        var fields = ["id": id, "kind": kind.rawValue, "code": commodityPrefix, "valid_from": validFrom.description, "note": note,
                      "payment_code": paymentCode]
        fields["valid_to"] = validTo?.description
        fields["origins"] = origins.map { $0.sorted().joined(separator: " ") }
        fields["percent_of_duty"] = percentOfDuty.map(DecimalText.format)
        func specific(_ specific: SpecificRate) {
            fields["amount"] = DecimalText.format(specific.amount)
            fields["currency"] = specific.currency
            fields["unit"] = specific.unit.rawValue
        }
        switch rate {
        case .exempt: fields["rate"] = "exempt"
        case .adValorem(let percent): (fields["rate"], fields["percent"]) = ("ad-valorem", DecimalText.format(percent))
        case .specific(let rate): fields["rate"] = "specific"; specific(rate)
        case .combined(let percent, let rate, let rule):
            (fields["rate"], fields["percent"], fields["combination"]) = ("combined", DecimalText.format(percent), rule.rawValue)
            specific(rate)
        }
        return fields.filter { !$0.value.isEmpty || $0.key == "code" }
    }
}
