/// One thing wrong with a declaration (or any request), pointing at the field with a JSON pointer.
/// The code is stable; the message is looked up per language by the server.
public struct ValidationProblem: Codable, Sendable, Equatable, Hashable {
    public var pointer: String
    public var code: Code
    /// Values the localized message mentions, e.g. the maximum length.
    public var arguments: [String: String]

    public init(_ pointer: String, _ code: Code, _ arguments: [String: String] = [:]) {
        self.pointer = pointer
        self.code = code
        self.arguments = arguments
    }

    /// The same problem in a document that holds this one's at `pointer` (a transit declaration's goods at "/goods").
    public func nested(under pointer: String) -> ValidationProblem {
        ValidationProblem(pointer + self.pointer, code, arguments)
    }

    /// A value in the wrong format; the message names the expected one in the reader's language.
    public init(_ pointer: String, expected format: Format) {
        self.init(pointer, .invalidFormat, ["format": format.rawValue])
    }

    /// The formats a value can be expected in. The argument carries the code, not English words, so that
    /// each language's catalog has its own text for it ("format.date" and so on).
    public enum Format: String, Sendable, CaseIterable {
        case officeCode = "office-code"
        case commodityCode = "commodity-code"
        case identificationNumber = "identification-number"
        case commodityPrefix = "commodity-prefix"
        case nomenclatureCode = "nomenclature-code"
        case date
        case dateTime = "date-time"
        case period
        case decimal
        case quantity
        case valuationMethod = "valuation-method"
        case cursor
        case username
        case permittedValue = "permitted-value"
        case base64
        case certificate
        case revocationList = "revocation-list"
        case registrationNumber = "registration-number"
        case vehiclePlate = "vehicle-plate"
        case sealNumber = "seal-number"
        case webhookURL = "webhook-url"
        case sha256
        case tirCarnet = "tir-carnet"
    }

    /// The JSON types a value can be expected as ("expected.string" and so on in the catalogs, after the argument that carries it).
    public enum ValueType: String, Sendable, CaseIterable {
        case string, integer, number, boolean, array, object
    }

    public enum Code: String, Codable, Sendable, CaseIterable {
        case required
        case tooLong = "too-long"
        case tooMany = "too-many"
        case invalidFormat = "invalid-format"
        case invalidCheckDigit = "invalid-check-digit"
        case unknownCommodity = "unknown-commodity"
        case unknownCountry = "unknown-country"
        case unknownCurrency = "unknown-currency"
        case unknownOffice = "unknown-office"
        case officeNotPost = "office-not-post"
        case unknownCode = "unknown-code"
        case procedureNotAllowed = "procedure-not-allowed"
        case notPositive = "not-positive"
        case netExceedsGross = "net-exceeds-gross"
        case totalsMismatch = "totals-mismatch"
        case notRepresented = "not-represented"
        case notOwnCompany = "not-own-company"
        case wrongType = "wrong-type"
        case unknownField = "unknown-field"
        case outOfRange = "out-of-range"
        case insufficient = "insufficient"
        case inUse = "in-use"
        case signatureRefused = "signature-refused"
        case notCertificateAuthority = "not-certificate-authority"
        case revocationListNotSigned = "revocation-list-not-signed"
        case noExchangeRate = "no-exchange-rate"
        case noTariffRecord = "no-tariff-record"
        case quantityRequired = "quantity-required"
        case invalidLine = "invalid-line"
        case invalidComparison = "invalid-comparison"
        case unknownProfile = "unknown-profile"
        case circularReference = "circular-reference"
    }
}
