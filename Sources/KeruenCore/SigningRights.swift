import Foundation

/// Who may sign a declaration: the declarant (a person of the declarant company, or the declarant
/// himself when the declarant is a person), or a person of a broker that represents the declarant.
public struct SigningRights: Sendable {
    /// BINs of brokers holding a representation contract with the declarant on the day of signing.
    public let representingBrokers: Set<String>

    public init(representingBrokers: Set<String>) { self.representingBrokers = representingBrokers }

    /// Whether ``check`` needs the representing brokers: only for a signer of the declaration's
    /// representative, not of the declarant (so the usual signature costs no look-up).
    public static func needsRepresentations(_ signer: SignerIdentity, for content: DeclarationContent) -> Bool {
        guard let bin = signer.bin else { return false }
        return bin != content.declarant?.identificationNumber && bin == content.representative?.identificationNumber
    }

    public func check(_ signer: SignerIdentity, for content: DeclarationContent) -> SignatureRefusal? {
        guard let iin = signer.iin else {
            return SignatureRefusal(.signerUnidentified, "The certificate's subject has no serialNumber IIN followed by 12 digits.")
        }
        guard let declarant = content.declarant?.identificationNumber else {
            return SignatureRefusal(.notAuthorised, "The declaration names no declarant.")
        }
        if signer.bin == declarant || (signer.bin == nil && iin == declarant) { return nil }
        if let bin = signer.bin, bin == content.representative?.identificationNumber, representingBrokers.contains(bin) { return nil }
        let who = signer.bin.map { "IIN \(iin) of BIN \($0)" } ?? "IIN \(iin), with no BIN"
        return SignatureRefusal(.notAuthorised, "The signer (\(who)) is not the declarant \(declarant) nor a person of a broker representing it.")
    }
}
