import Foundation

/// The data risk profiles test, taken from a declaration, its payments and its declarant's record:
/// texts as declared (upper-cased where they are codes), numbers as `Double` (thresholds need no tiyn).
public struct RiskInput: Sendable {
    public var office, procedure, transportMode, dispatchCountry, destinationCountry: String?
    public var declarant, consignor, consignee: String?
    public var compliance: ComplianceRecord
    public var isNewTrader: Bool
    public var score: Double?
    public var items: [Item]

    public struct Item: Sendable {
        public var code: String? {
            didSet { (codeDigits, codeLength) = Self.digits(of: code) }
        }
        /// The code's digits as a number and their count: a prefix test is then an integer division, not a text comparison.
        private(set) var codeDigits: UInt64 = 0
        private(set) var codeLength = 0
        public var origin: String?
        public var valuePerKg: Double?
        public var netToGross: Double?
        public var massPerUnit: Double?
        public var supplementaryQuantity: Double?
        /// Set from mirror statistics by whoever holds them (``MirrorGaps``); nil when the partner reported nothing of it.
        public var mirrorGap: Double?
        public var documents: [String]

        public init(code: String?, origin: String?, valuePerKg: Double? = nil, netToGross: Double? = nil, massPerUnit: Double? = nil,
                    supplementaryQuantity: Double? = nil, documents: [String] = []) {
            self.code = code
            self.origin = origin
            self.valuePerKg = valuePerKg
            self.netToGross = netToGross
            self.massPerUnit = massPerUnit
            self.supplementaryQuantity = supplementaryQuantity
            self.documents = documents
            (codeDigits, codeLength) = Self.digits(of: code)
        }

        /// Whether the code starts with the prefix `digits` of `length` digits.
        func codeStarts(with digits: UInt64, length: Int) -> Bool {
            length <= codeLength && codeDigits / Self.powers[codeLength - length] == digits
        }

        static let powers: [UInt64] = (0...19).map { (0..<$0).reduce(UInt64(1)) { value, _ in value * 10 } }

        static func digits(of code: String?) -> (UInt64, Int) {
            guard let code, (1...19).contains(code.utf8.count), code.utf8.allSatisfy({ (48...57).contains($0) }) else { return (0, -1) }
            return (code.utf8.reduce(UInt64(0)) { $0 * 10 + UInt64($1 - 48) }, code.utf8.count)
        }
    }

    public init(office: String? = nil, procedure: String? = nil, transportMode: String? = nil, dispatchCountry: String? = nil,
                destinationCountry: String? = nil, declarant: String? = nil, consignor: String? = nil, consignee: String? = nil,
                compliance: ComplianceRecord = ComplianceRecord(), isNewTrader: Bool = false, score: Double? = nil, items: [Item]) {
        self.office = office
        self.procedure = procedure
        self.transportMode = transportMode
        self.dispatchCountry = dispatchCountry
        self.destinationCountry = destinationCountry
        self.declarant = declarant
        self.consignor = consignor
        self.consignee = consignee
        self.compliance = compliance
        self.isNewTrader = isNewTrader
        self.score = score
        self.items = items
    }

    /// From a declaration: `customsValues` are the items' customs values in tenge (from the payment
    /// assessment, if there is one), `usdRate` the tenge price of one dollar on the registration day.
    public init(content: DeclarationContent, customsValues: [Tenge]?, usdRate: Decimal?, compliance: ComplianceRecord,
                newTraderBelow: Int, score: Double? = nil) {
        func number(_ value: Decimal?) -> Double? { value.map(DecimalText.double) }
        let dollar = number(usdRate).flatMap { $0 > 0 ? $0 : nil }
        let items = content.items.enumerated().map { index, item -> Item in
            let net = number(item.netMass), gross = number(item.grossMass), quantity = number(item.supplementaryQuantity)
            var valuePerKg: Double?
            if let customsValues, index < customsValues.count, let dollar, let net, net > 0 {
                valuePerKg = Double(customsValues[index].tiyn) / 100 / dollar / net
            }
            return Item(code: item.commodityCode, origin: item.originCountry?.uppercased(), valuePerKg: valuePerKg,
                        netToGross: net.flatMap { net in gross.flatMap { $0 > 0 ? net / $0 : nil } },
                        massPerUnit: net.flatMap { net in quantity.flatMap { $0 > 0 ? net / $0 : nil } },
                        supplementaryQuantity: quantity, documents: item.documents ?? [])
        }
        self.init(office: content.officeCode, procedure: content.procedure, transportMode: content.transport?.mode,
                  dispatchCountry: content.dispatchCountry?.uppercased(), destinationCountry: content.destinationCountry?.uppercased(),
                  declarant: content.declarant?.identificationNumber, consignor: content.consignor.flatMap { $0.identificationNumber ?? $0.name }?.uppercased(),
                  consignee: content.consignee?.identificationNumber, compliance: compliance, isNewTrader: compliance.registered < newTraderBelow,
                  score: score, items: items)
    }
}
