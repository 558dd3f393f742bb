import Foundation
import KeruenCore
import KeruenReference
import KeruenStore
import Logging

/// Everything the handlers and workflows need, built once and passed down (no globals).
public struct AppDependencies: Sendable {
    public let configuration: AppConfiguration
    public let store: Store
    public let reference: ReferenceData
    public let localizer: Localizer
    public let passwords: PasswordHasher
    public let metrics: KeruenMetrics
    /// Variable so that the demo can record what happened days ago (a movement released last week).
    public internal(set) var clock: @Sendable () -> Date
    public let logger: Logger
    public let signatureTrust: SignatureTrust
    public let paymentReference: PaymentReference
    public let riskReference: RiskReference
    public let transitParticulars = TransitParticulars()
    /// The server's own key: it signs audit checkpoints and certifies officers' server-held keys.
    public let serverKey: ServerSigningKey

    public init(configuration: AppConfiguration, store: Store, reference: ReferenceData, localizer: Localizer,
                metrics: KeruenMetrics = KeruenMetrics(), clock: @escaping @Sendable () -> Date = { Date() }, logger: Logger,
                serverKey: ServerSigningKey = ServerSigningKey()) {
        self.configuration = configuration
        self.store = store
        self.reference = reference
        self.localizer = localizer
        self.passwords = PasswordHasher(cost: configuration.bcryptCost)
        self.metrics = metrics
        self.clock = clock
        self.logger = logger
        self.signatureTrust = SignatureTrust(store: store, requiredByDefault: configuration.signatureRequiredByDefault)
        self.paymentReference = PaymentReference(store: store)
        self.riskReference = RiskReference(store: store, logger: logger)
        self.serverKey = serverKey
    }

    public var validator: DeclarationValidator { DeclarationValidator(reference: reference) }

    public func scope(of principal: Principal) -> DeclarationScope {
        DeclarationScope.of(principal, officeSubtree: reference.officeSubtree(of:))
    }
}
