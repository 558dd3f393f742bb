import Foundation

/// One line of the tariff: a rate for goods whose commodity code starts with `commodityPrefix`
/// (4, 6, 8 or 10 digits; empty for all goods), valid from one day to another (inclusive), and for
/// some origins only when `origins` is set.
///
/// A preference record lowers the duty of goods from its origins to `percentOfDuty` percent of what
/// the duty record says (0 for EAEU members, 75 for developing countries in the EAEU's scheme).
public struct TariffRecord: Sendable, Equatable, Hashable, Identifiable {
    public enum Kind: String, Sendable, Codable, CaseIterable, Hashable {
        case duty, excise, vat, fee, preference
    }

    public let id: String
    public let kind: Kind
    public let commodityPrefix: String
    public let validFrom: CustomsDay
    public let validTo: CustomsDay?
    /// Countries of origin (ISO alpha-2) the record is for; nil: any origin.
    public let origins: Set<String>?
    public let rate: DutyRate
    /// For preference records only.
    public let percentOfDuty: Decimal?
    /// The payment kind code (EAEU classifier) its lines carry; the kind's usual code when not given.
    public let paymentCode: String
    public let note: String
    /// `rate` as invoice lines show it, written once.
    public let rateText: String

    public init(id: String, kind: Kind, commodityPrefix: String = "", validFrom: CustomsDay, validTo: CustomsDay? = nil,
                origins: Set<String>? = nil, rate: DutyRate = .exempt, percentOfDuty: Decimal? = nil, paymentCode: String? = nil, note: String = "") {
        self.id = id
        self.kind = kind
        self.commodityPrefix = commodityPrefix
        self.validFrom = validFrom
        self.validTo = validTo
        self.origins = origins
        self.rate = rate
        self.percentOfDuty = percentOfDuty
        self.paymentCode = paymentCode ?? PaymentCode.usual(for: kind)
        self.note = note
        self.rateText = rate.text
    }

    public func isValid(on day: CustomsDay) -> Bool {
        validFrom <= day && (validTo.map { day <= $0 } ?? true)
    }

    public func applies(toOrigin origin: String?) -> Bool {
        guard let origins else { return true }
        return origin.map(origins.contains) ?? false
    }
}
