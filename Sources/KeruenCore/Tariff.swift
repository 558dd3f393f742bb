import Foundation

/// The tariff in force: duty, excise, VAT, fee and preference records, looked up by commodity code,
/// origin and day. The longest matching code prefix wins; at the same prefix a record for the
/// goods' origin wins over one for any origin.
public struct Tariff: Sendable {
    public let records: [TariffRecord]
    /// Records by code prefix, then by kind, origin-specific ones first, so that the first valid match wins.
    private let shelves: [String: Shelf]

    /// Prefix lengths a record may have: headings, subheadings, 8 and 10 digits, and all goods.
    public static let prefixLengths = [10, 8, 6, 4, 0]

    struct Shelf: Sendable {
        var byKind: [[Entry]] = Array(repeating: [], count: TariffRecord.Kind.allCases.count)
    }

    /// A record with its numbers as exact fixed point, made once: items refer to it, never copy it.
    final class Entry: Sendable {
        let record: TariffRecord
        let rate: FixedRate?
        let percentOfDuty: Fraction?
        /// What each line this record produces shows.
        let source: PaymentLine.Source

        init(_ record: TariffRecord) {
            self.record = record
            source = PaymentLine.Source(code: record.paymentCode, rate: record.rateText, record: record.id)
            rate = FixedRate(record.rate)
            percentOfDuty = record.percentOfDuty.flatMap(Fraction.init)
        }
    }

    /// ``DutyRate`` as exact fractions; nil for a rate whose numbers do not fit (then a calculation reports it).
    enum FixedRate: Sendable {
        case exempt
        case adValorem(percent: Fraction)
        case specific(amount: Fraction, currency: String, unit: TariffUnit)
        case combined(percent: Fraction, amount: Fraction, currency: String, unit: TariffUnit, rule: DutyRate.CombinationRule)

        init?(_ rate: DutyRate) {
            switch rate {
            case .exempt: self = .exempt
            case .adValorem(let percent):
                guard let percent = Fraction(percent) else { return nil }
                self = .adValorem(percent: percent)
            case .specific(let specific):
                guard let amount = Fraction(specific.amount) else { return nil }
                self = .specific(amount: amount, currency: specific.currency, unit: specific.unit)
            case .combined(let percent, let specific, let rule):
                guard let percent = Fraction(percent), let amount = Fraction(specific.amount) else { return nil }
                self = .combined(percent: percent, amount: amount, currency: specific.currency, unit: specific.unit, rule: rule)
            }
        }

        /// The unit a specific part counts, if the rate has one.
        var unit: TariffUnit? {
            switch self {
            case .specific(_, _, let unit), .combined(_, _, _, let unit, _): unit
            case .exempt, .adValorem: nil
            }
        }
    }

    /// What applies to one item: the entry of each kind, or nil (fields, not an array: no allocation per item).
    struct Match {
        var duty, excise, vat, fee, preference: Entry?

        subscript(kind: TariffRecord.Kind) -> Entry? {
            get {
                switch kind {
                case .duty: duty
                case .excise: excise
                case .vat: vat
                case .fee: fee
                case .preference: preference
                }
            }
            set {
                switch kind {
                case .duty: duty = newValue
                case .excise: excise = newValue
                case .vat: vat = newValue
                case .fee: fee = newValue
                case .preference: preference = newValue
                }
            }
        }
    }

    public init(_ records: [TariffRecord]) {
        self.records = records
        var shelves: [String: Shelf] = [:]
        for record in records.sorted(by: { ($0.origins != nil ? 0 : 1) < ($1.origins != nil ? 0 : 1) }) {
            shelves[record.commodityPrefix, default: Shelf()].byKind[record.kind.index].append(Entry(record))
        }
        self.shelves = shelves
    }

    public func record(_ kind: TariffRecord.Kind, code: String, origin: String?, on day: CustomsDay) -> TariffRecord? {
        match(code: code, origin: origin, on: day)[kind]?.record
    }

    /// Every kind at once: one look-up per prefix length for an item, not one per kind and length.
    func match(code: String, origin: String?, on day: CustomsDay) -> Match {
        var match = Match()
        var missing = TariffRecord.Kind.allCases.count
        let digits = code.utf8.count
        for length in Self.prefixLengths where length <= digits {
            guard let shelf = shelves[length == digits ? code : String(code.utf8.prefix(length))!] else { continue }
            for kind in TariffRecord.Kind.allCases where match[kind] == nil {
                if let found = shelf.byKind[kind.index].first(where: { $0.record.isValid(on: day) && $0.record.applies(toOrigin: origin) }) {
                    match[kind] = found
                    missing -= 1
                }
            }
            if missing == 0 { break }
        }
        return match
    }
}

extension TariffRecord.Kind {
    var index: Int {
        switch self {
        case .duty: 0
        case .excise: 1
        case .vat: 2
        case .fee: 3
        case .preference: 4
        }
    }
}
