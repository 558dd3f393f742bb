import Foundation

/// Who a signing certificate names, by the Kazakh national certification authority's convention: the
/// person's IIN in the subject's serialNumber as `IIN` + 12 digits, and, for an employee of a legal
/// entity, its BIN in the subject's organizational unit as `BIN` + 12 digits.
public struct SignerIdentity: Codable, Sendable, Equatable {
    public var iin: String?
    public var bin: String?
    public var commonName: String?

    public init(iin: String?, bin: String?, commonName: String?) {
        self.iin = iin
        self.bin = bin
        self.commonName = commonName
    }

    /// Reads the identity from a subject's serialNumber and organizational unit values.
    public init(serialNumbers: [String], organizationalUnits: [String], commonName: String?) {
        func number(after prefix: String, in values: [String]) -> String? {
            values.lazy.compactMap { value -> String? in
                guard value.hasPrefix(prefix) else { return nil }
                let digits = String(value.dropFirst(prefix.count))
                return digits.count == 12 && digits.allSatisfy(\.isASCIIDigit) ? digits : nil
            }.first
        }
        self.init(iin: number(after: "IIN", in: serialNumbers), bin: number(after: "BIN", in: organizationalUnits), commonName: commonName)
    }
}
