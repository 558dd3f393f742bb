import HummingbirdBcrypt
import NIOPosix

/// bcrypt on a thread pool, so that hashing (tens of milliseconds by design) never blocks request handling.
public struct PasswordHasher: Sendable {
    public let cost: UInt8

    public init(cost: Int) {
        self.cost = UInt8(clamping: max(4, min(cost, 31)))
    }

    public func hash(_ password: String) async throws -> String {
        let cost = self.cost
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    public func verify(_ password: String, against hash: String) async throws -> Bool {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
    }
}
