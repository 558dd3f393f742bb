import Foundation

/// Payment kind codes of the EAEU classifier (graph 47 of the declaration) that Keruen charges.
public enum PaymentCode {
    public static let customsFee = "1010"
    public static let importDuty = "2010"
    public static let vat = "5010"
    /// Excise codes depend on the goods (the 50xx codes after VAT); a tariff record may name its own.
    public static let excise = "5020"

    static func usual(for kind: TariffRecord.Kind) -> String {
        switch kind {
        case .duty, .preference: importDuty
        case .excise: excise
        case .vat: vat
        case .fee: customsFee
        }
    }
}
