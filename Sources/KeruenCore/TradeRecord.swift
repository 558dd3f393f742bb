import Foundation

/// One goods item of a released import or export declaration as foreign-trade statistics count it.
///
/// Values are kept as exact integers: tenge in tiyn, dollars in cents, mass in grams, supplementary
/// quantities in thousandths — sums over millions of items stay exact and equal on both databases.
public struct TradeRecord: Sendable, Hashable {
    public var declarationID: String
    public var item: Int
    public var cell: TradeCell.Key
    public var measures: TradeCell.Measures

    public init(declarationID: String, item: Int, cell: TradeCell.Key, measures: TradeCell.Measures) {
        self.declarationID = declarationID
        self.item = item
        self.cell = cell
        self.measures = measures
    }

    /// The records of a released declaration. The partner is the item's origin for an import and the
    /// destination for an export; the statistical value is the item's customs value (computed at the
    /// registration day's rates), in dollars at the National Bank's USD rate of that day. Nil for a
    /// declaration statistics do not count (not an import or export, or not yet registered).
    public static func records(of declaration: Declaration, customsValues: [Tenge], usd: ExchangeRate) -> [TradeRecord]? {
        let content = declaration.content
        guard let flow = flow(of: content), let registeredAt = declaration.registeredAt, customsValues.count == content.items.count else { return nil }
        let period = TradePeriod(containing: registeredAt)
        let office = declaration.registrationNumber?.officeCode ?? content.officeCode ?? ""
        return content.items.enumerated().map { index, item in
            let key = TradeCell.Key(period: period, flow: flow, partner: partner(of: item, in: content, flow: flow), code: item.commodityCode ?? "",
                                    procedure: content.procedure ?? "", office: office, transport: content.transport?.mode ?? "",
                                    declarant: content.declarant?.identificationNumber ?? "")
            let tiyn = customsValues[index].tiyn
            let measures = TradeCell.Measures(items: 1, valueTiyn: tiyn, valueUSDCents: Self.cents(ofTiyn: tiyn, at: usd),
                                              netMassGrams: Self.scaled(item.netMass, by: 1000), supplementaryThousandths: Self.scaled(item.supplementaryQuantity, by: 1000))
            return TradeRecord(declarationID: declaration.id, item: index + 1, cell: key, measures: measures)
        }
    }

    /// The flow statistics count a declaration in: nil for one that is neither an import nor an export.
    public static func flow(of content: DeclarationContent) -> TradeFlow? {
        switch content.kind {
        case .import: .import
        case .export: .export
        default: nil
        }
    }

    /// An item's partner country: its origin (else the dispatch country) for an import, the destination for an export;
    /// "QU" (not specified, as Eurostat and UN Comtrade write it) when the declaration names none.
    public static func partner(of item: GoodsItem, in content: DeclarationContent, flow: TradeFlow) -> String {
        (flow == .import ? (item.originCountry ?? content.dispatchCountry) : content.destinationCountry) ?? "QU"
    }

    /// Tenge to US cents at a rate of so many tenge per `quant` dollars, rounded half up.
    static func cents(ofTiyn tiyn: Int64, at rate: ExchangeRate) -> Int64 {
        // cents = tiyn × quant / price (price in tenge per quant dollars: tiyn/100 tenge ÷ (price/quant) × 100 cents)
        var exact = Decimal(tiyn) * Decimal(rate.quant) / rate.price
        var rounded = Decimal()
        NSDecimalRound(&rounded, &exact, 0, .plain)
        return NSDecimalNumber(decimal: rounded).int64Value
    }

    /// A decimal times `factor`, rounded half up to an integer (0 for none): kilograms to grams, quantities to thousandths, dollars to cents.
    public static func scaled(_ value: Decimal?, by factor: Int) -> Int64 {
        guard var exact = value.map({ $0 * Decimal(factor) }) else { return 0 }
        var rounded = Decimal()
        NSDecimalRound(&rounded, &exact, 0, .plain)
        return NSDecimalNumber(decimal: rounded).int64Value
    }
}
