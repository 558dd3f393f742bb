import Foundation
import KeruenSignature
import KeruenStore
import Synchronization
import X509

/// The trust anchors, revocation lists and offices' signature policies as the verifier needs them,
/// read from the store and kept for a short while: every submission needs them, administrators
/// change them seldom. A change made on this node applies at once; one made on another node within
/// ``maximumAge``.
public final class SignatureTrust: Sendable {
    public struct Snapshot: Sendable {
        public let verifier: SignatureVerifier
        /// Offices with a policy set; the others follow `requiredByDefault`.
        public let policies: [String: Bool]
        let requiredByDefault: Bool
        let loadedAt: Date

        public func signatureRequired(officeCode: String?) -> Bool {
            officeCode.flatMap { policies[$0] } ?? requiredByDefault
        }
    }

    public static let maximumAge: TimeInterval = 30
    private let store: Store
    private let requiredByDefault: Bool
    private let cached = Mutex<Snapshot?>(nil)

    public init(store: Store, requiredByDefault: Bool) {
        self.store = store
        self.requiredByDefault = requiredByDefault
    }

    public func snapshot(now: Date) async throws -> Snapshot {
        if let snapshot = cached.withLock({ $0 }), now.timeIntervalSince(snapshot.loadedAt) < Self.maximumAge, snapshot.loadedAt <= now {
            return snapshot
        }
        let (anchors, lists, policies) = try await store.read { session in
            (try await session.trust.anchors(), try await session.trust.revocationLists(), try await session.trust.signaturePolicies())
        }
        let snapshot = Snapshot(
            verifier: SignatureVerifier(anchors: anchors.compactMap { try? Certificate(derEncoded: $0.der) },
                                        revocationLists: lists.compactMap { try? CertificateRevocationList(bytes: $0.der) }),
            policies: policies, requiredByDefault: requiredByDefault, loadedAt: now)
        cached.withLock { $0 = snapshot }
        return snapshot
    }

    /// Forgets the snapshot after a change, so the next verification reads the store.
    public func invalidate() { cached.withLock { $0 = nil } }
}
