import Foundation

/// PEM armour (RFC 7468) for showing DER to people and to tools such as OpenSSL.
public enum PEMText {
    public static func certificate(_ der: [UInt8]) -> String { armour(der, label: "CERTIFICATE") }

    public static func armour(_ der: [UInt8], label: String) -> String {
        let base64 = Data(der).base64EncodedString(options: [.lineLength64Characters, .endLineWithLineFeed])
        return "-----BEGIN \(label)-----\n\(base64)\n-----END \(label)-----\n"
    }
}
