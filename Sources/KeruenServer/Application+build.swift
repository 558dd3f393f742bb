import Foundation
import Hummingbird
import KeruenAPI
import KeruenReference
import KeruenStore
import Logging
import Mustache
import OpenAPIHummingbird
import OpenAPIRuntime

/// Builds the whole HTTP application; shared by `keruen serve` and the tests.
public func buildApplication(dependencies: AppDependencies) async throws -> some ApplicationProtocol {
    let router = try await buildRouter(dependencies: dependencies)
    var logger = dependencies.logger
    logger.logLevel = dependencies.configuration.logLevel
    return Application(
        router: router,
        configuration: .init(address: .hostname(dependencies.configuration.host, port: dependencies.configuration.port), serverName: "Keruen"),
        services: dependencies.configuration.runsBackgroundServices
            ? [AuditCheckpoints(dependencies: dependencies), WebhookDispatcher(dependencies: dependencies), TransitWatch(dependencies: dependencies),
               TradeCubeRefresh(dependencies: dependencies)] : [],
        logger: logger)
}

/// The router: API (generated from openapi.yaml), portal pages, static files and operations endpoints.
public func buildRouter(dependencies: AppDependencies) async throws -> Router<KeruenRequestContext> {
    let router = Router(context: KeruenRequestContext.self)
    router.add(middleware: LogRequestsMiddleware(.info))
    router.add(middleware: MetricsMiddleware())
    router.add(middleware: ProblemMiddleware(localizer: dependencies.localizer))
    router.add(middleware: HeaderEncodingMiddleware())
    router.add(middleware: BodyLimitMiddleware(limit: dependencies.configuration.maximumBodySize))
    router.add(middleware: FileMiddleware(try staticDirectory(), urlBasePath: "/static", searchForIndexHtml: false))
    router.add(middleware: AuthenticationMiddleware(dependencies: dependencies))

    OperationsController(dependencies: dependencies).addRoutes(to: router)
    // Compact JSON: the generator's default pretty-prints, which costs bytes on every answer. Keys stay
    // sorted: Foundation's encoder does not keep their order otherwise, and a retried request must get
    // the same bytes as the first answer.
    try APIHandler(dependencies: dependencies).registerHandlers(
        on: router, serverURL: try Servers.Server1.url(),
        configuration: .init(dateTranscoder: RFC3339DateTranscoder(), jsonEncodingOptions: [.sortedKeys, .withoutEscapingSlashes]), middlewares: [EmptyBodyMiddleware()])
    let templates = try await MustacheLibrary(directory: try templateDirectory())
    PortalController(dependencies: dependencies, templates: templates).addRoutes(to: router)
    return router
}

private func resourceDirectory(_ name: String) throws -> String {
    guard let url = Bundle.module.url(forResource: name, withExtension: nil) else {
        throw LocalizerError.missingCatalog(name)
    }
    return url.path
}

func staticDirectory() throws -> String { try resourceDirectory("Public") }
func templateDirectory() throws -> String { try resourceDirectory("Templates") }
