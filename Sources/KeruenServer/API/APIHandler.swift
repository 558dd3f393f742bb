import KeruenAPI
import KeruenCore

/// Implements the generated `APIProtocol`: one extension per OpenAPI tag. Handlers translate between
/// the wire types and the domain and call the workflows; they hold no rules of their own.
struct APIHandler: APIProtocol {
    let dependencies: AppDependencies

    var declarations: DeclarationWorkflow { DeclarationWorkflow(dependencies: dependencies) }
    var admin: AdminWorkflow { AdminWorkflow(dependencies: dependencies) }
    var language: Language { RequestScope.current.language }
}
