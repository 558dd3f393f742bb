import Foundation
import KeruenCore
import KeruenStore

extension DeclarationWorkflow {
    /// The registered declaration's invoice, for whoever may see the declaration.
    func invoice(id: String, principal: Principal) async throws -> Invoice {
        _ = try await get(id: id, principal: principal)
        guard let invoice = try await store.read({ try await $0.invoices.find(declarationID: id) }) else { throw APIProblem.notFound }
        return invoice
    }
}
