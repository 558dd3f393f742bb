import Crypto
import Foundation
import KeruenSignature
import X509

/// The server's ECDSA P-256 key. It signs the audit checkpoints and is the certification authority
/// of the keys the server holds for officers who sign decisions in the portal.
///
/// Kept in a PEM file (`KERUEN_SERVER_KEY_FILE`, by default next to the embedded database), made on
/// first start; every node of an installation must be given the same file.
public struct ServerSigningKey: Sendable {
    public let privateKey: P256.Signing.PrivateKey
    /// The certification authority for officers' server-held keys, derived from this key once.
    public let officerAuthority: CertificateAuthority
    /// Verifies signatures made with officers' server-held keys: the officer-key authority is its only anchor.
    public let officerKeyVerifier: SignatureVerifier

    public init(privateKey: P256.Signing.PrivateKey = P256.Signing.PrivateKey()) {
        self.privateKey = privateKey
        // A fixed serial and validity, so that every node derives the same certificate from the same key.
        // Building a certificate from a valid P-256 key and fixed names cannot fail.
        officerAuthority = try! CertificateAuthority.make(
            name: "Keruen server-held officer keys", organization: "Keruen", key: privateKey,
            serialNumber: Certificate.SerialNumber(bytes: Array(SHA256.hash(data: privateKey.publicKey.derRepresentation).prefix(16))),
            validFrom: Date(timeIntervalSince1970: 1_767_225_600), validUntil: Date(timeIntervalSince1970: 4_102_444_800))
        officerKeyVerifier = SignatureVerifier(anchors: [officerAuthority.certificate], revocationLists: [])
    }

    /// Reads the key from `path`, or makes one there (readable by the owner only) if there is none.
    public static func load(path: String) throws -> ServerSigningKey {
        if let pem = try? String(contentsOfFile: path, encoding: .utf8) {
            return ServerSigningKey(privateKey: try P256.Signing.PrivateKey(pemRepresentation: pem))
        }
        let key = ServerSigningKey()
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: path, contents: Data(key.privateKey.pemRepresentation.utf8), attributes: [.posixPermissions: 0o600])
        return key
    }

    public var publicKeyPEM: String { privateKey.publicKey.pemRepresentation }
}
