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
    public let clock: @Sendable () -> Date
    public let logger: Logger

    public init(configuration: AppConfiguration, store: Store, reference: ReferenceData, localizer: Localizer,
                metrics: KeruenMetrics = KeruenMetrics(), clock: @escaping @Sendable () -> Date = { Date() }, logger: Logger) {
        self.configuration = configuration
        self.store = store
        self.reference = reference
        self.localizer = localizer
        self.passwords = PasswordHasher(cost: configuration.bcryptCost)
        self.metrics = metrics
        self.clock = clock
        self.logger = logger
    }

    public var validator: DeclarationValidator { DeclarationValidator(reference: reference) }

    public func scope(of principal: Principal) -> DeclarationScope {
        DeclarationScope.of(principal, officeSubtree: reference.officeSubtree(of:))
    }
}
