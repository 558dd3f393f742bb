import Foundation

/// The tariff in force: duty, excise, VAT, fee and preference records, looked up by commodity code,
/// origin and day. The longest matching code prefix wins; at the same prefix a record for the
/// goods' origin wins over one for any origin.
public struct Tariff: Sendable {
    public let records: [TariffRecord]
    private let index: [TariffRecord.Kind: [String: [TariffRecord]]]

    /// Prefix lengths a record may have: headings, subheadings, 8 and 10 digits, and all goods.
    public static let prefixLengths = [10, 8, 6, 4, 0]

    public init(_ records: [TariffRecord]) {
        self.records = records
        var index: [TariffRecord.Kind: [String: [TariffRecord]]] = [:]
        for record in records { index[record.kind, default: [:]][record.commodityPrefix, default: []].append(record) }
        // Origin-specific records first, so the first valid match is the one that wins.
        self.index = index.mapValues { $0.mapValues { $0.sorted { ($0.origins != nil ? 0 : 1) < ($1.origins != nil ? 0 : 1) } } }
    }

    public func record(_ kind: TariffRecord.Kind, code: String, origin: String?, on day: CustomsDay) -> TariffRecord? {
        guard let byPrefix = index[kind] else { return nil }
        let digits = code.utf8.count
        for length in Self.prefixLengths where length <= digits {
            guard let candidates = byPrefix[length == digits ? code : String(code.prefix(length))] else { continue }
            if let match = candidates.first(where: { $0.isValid(on: day) && $0.applies(toOrigin: origin) }) { return match }
        }
        return nil
    }
}
