import Crypto
import Foundation
import KeruenCore
import KeruenStore
import Logging
import ServiceLifecycle

/// Signs checkpoints of the audit chain with the server's key: on demand, and every
/// ``AppConfiguration/checkpointInterval`` as a service of the application.
public struct AuditCheckpoints: Service {
    let dependencies: AppDependencies

    public init(dependencies: AppDependencies) { self.dependencies = dependencies }

    /// Signs the chain's current head; if nothing was appended since the last checkpoint, answers that one.
    public func sign() async throws -> AuditCheckpoint {
        try await dependencies.store.write { session in
            let head = try await session.auditLog.lockHead()
            let now = dependencies.clock()
            let text = AuditCheckpoint.signedText(length: head.sequence, headHash: head.hash, at: now)
            let signature = try dependencies.serverKey.privateKey.signature(for: text).derRepresentation
            let checkpoint = AuditCheckpoint(length: head.sequence, headHash: head.hash, at: now, signature: Array(signature),
                                             publicKey: dependencies.serverKey.publicKeyPEM)
            if try await session.checkpoints.insert(checkpoint) { return checkpoint }
            return try await session.checkpoints.all().last { $0.length == head.sequence } ?? checkpoint
        }
    }

    /// Signs a checkpoint every interval until the application shuts down.
    public func run() async throws {
        let interval = dependencies.configuration.checkpointInterval
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                guard (try? await Task.sleep(for: interval)) != nil else { return }
                do {
                    let checkpoint = try await sign()
                    dependencies.logger.info("audit checkpoint", metadata: ["length": "\(checkpoint.length)"])
                } catch {
                    dependencies.logger.error("audit checkpoint failed", metadata: ["error": "\(error)"])
                }
            }
        }
    }
}
