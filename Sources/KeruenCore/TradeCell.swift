/// The finest grain of the trade figures: what one declarant traded in one month, flow, partner, 10-digit
/// code, procedure, office and mode of transport. Every published figure is a sum of cells, and the number
/// of distinct declarants in them decides whether it may be shown to the public.
public struct TradeCell: Sendable, Hashable {
    public var key: Key
    public var measures: Measures

    public init(key: Key, measures: Measures) {
        self.key = key
        self.measures = measures
    }

    public struct Key: Sendable, Hashable {
        public var period: TradePeriod
        public var flow: TradeFlow
        public var partner: String
        public var code: String
        public var procedure: String
        public var office: String
        public var transport: String
        public var declarant: String

        public init(period: TradePeriod, flow: TradeFlow, partner: String, code: String, procedure: String, office: String, transport: String, declarant: String) {
            self.period = period
            self.flow = flow
            self.partner = partner
            self.code = code
            self.procedure = procedure
            self.office = office
            self.transport = transport
            self.declarant = declarant
        }
    }

    /// Sums kept exact (see ``TradeRecord``).
    public struct Measures: Sendable, Hashable {
        public var items: Int64
        public var valueTiyn: Int64
        public var valueUSDCents: Int64
        public var netMassGrams: Int64
        public var supplementaryThousandths: Int64

        public init(items: Int64 = 0, valueTiyn: Int64 = 0, valueUSDCents: Int64 = 0, netMassGrams: Int64 = 0, supplementaryThousandths: Int64 = 0) {
            self.items = items
            self.valueTiyn = valueTiyn
            self.valueUSDCents = valueUSDCents
            self.netMassGrams = netMassGrams
            self.supplementaryThousandths = supplementaryThousandths
        }

        /// The sums as answers write them: money with two decimals, mass in kilograms and quantities with three.
        public var valueKZTText: String { Self.text(valueTiyn, scale: 2) }
        public var valueUSDText: String { Self.text(valueUSDCents, scale: 2) }
        public var netMassKgText: String { Self.text(netMassGrams, scale: 3) }
        public var supplementaryText: String { Self.text(supplementaryThousandths, scale: 3) }

        /// The value in the unit of a chart whose largest value is `largest`: thousands of dollars below a million, millions above.
        public func valueUSD(scaledFor largest: Measures) -> Double {
            Double(valueUSDCents) / (Self.inMillions(largest) ? 100_000_000 : 100_000)
        }

        /// Whether a chart whose largest value is `largest` counts in millions of dollars (else in thousands).
        public static func inMillions(_ largest: Measures) -> Bool { largest.valueUSDCents >= 100_000_000 }

        /// An exact integer of hundredths or thousandths as decimal text ("-12.50").
        public static func text(_ value: Int64, scale: Int) -> String {
            let divisor = Int64([1, 10, 100, 1000][scale])
            let whole = String(value.magnitude / UInt64(divisor)), fraction = String(value.magnitude % UInt64(divisor))
            return (value < 0 ? "-" : "") + whole + "." + String(repeating: "0", count: scale - fraction.count) + fraction
        }

        public static func + (a: Measures, b: Measures) -> Measures {
            Measures(items: a.items + b.items, valueTiyn: a.valueTiyn + b.valueTiyn, valueUSDCents: a.valueUSDCents + b.valueUSDCents,
                     netMassGrams: a.netMassGrams + b.netMassGrams, supplementaryThousandths: a.supplementaryThousandths + b.supplementaryThousandths)
        }

        public static prefix func - (a: Measures) -> Measures {
            Measures(items: -a.items, valueTiyn: -a.valueTiyn, valueUSDCents: -a.valueUSDCents, netMassGrams: -a.netMassGrams,
                     supplementaryThousandths: -a.supplementaryThousandths)
        }
    }

    /// What replacing a declaration's records `old` by `new` changes, cell by cell (cells that do not change are left out):
    /// a correction after release moves its figures, and a release counted twice changes nothing.
    public static func changes(replacing old: [TradeRecord], with new: [TradeRecord]) -> [TradeCell] {
        var deltas: [Key: Measures] = [:]
        for record in old { deltas[record.cell, default: Measures()] = deltas[record.cell, default: Measures()] + -record.measures }
        for record in new { deltas[record.cell, default: Measures()] = deltas[record.cell, default: Measures()] + record.measures }
        return deltas.filter { $0.value != Measures() }.map { TradeCell(key: $0.key, measures: $0.value) }
            .sorted { ($0.key.period, $0.key.code, $0.key.partner, $0.key.declarant) < ($1.key.period, $1.key.code, $1.key.partner, $1.key.declarant) }
    }
}
