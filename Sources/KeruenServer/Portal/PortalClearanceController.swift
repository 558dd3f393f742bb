import Foundation
import Hummingbird
import KeruenCore

/// The portal's clearance pages. For now the public look-up of a declaration's status by its number
/// and its declarant's BIN, which needs no sign-in.
struct PortalClearanceController {
    let portal: PortalController

    private var clearance: ClearanceWorkflow { ClearanceWorkflow(dependencies: portal.dependencies) }

    func addRoutes(to router: Router<KeruenRequestContext>) {
        router.get("/status") { request, context in try await status(request, context) }
    }

    private func status(_ request: Request, _ context: KeruenRequestContext) async throws -> Response {
        let query = request.uri.queryParameters
        let number = query.get("number").map { String($0.trimmingSpaces()) } ?? ""
        let declarant = query.get("declarant").map { String($0.trimmingSpaces()) } ?? ""
        let language = context.scope.language
        var values: [String: Any] = ["number": number, "declarant": declarant]
        if !number.isEmpty || !declarant.isEmpty {
            do {
                let found = try await clearance.publicStatus(number: number, declarantBIN: declarant)
                values["found"] = ["number": found.number, "status": found.status.rawValue,
                                   "statusText": portal.localizer.text("status.\(found.status.rawValue)", language),
                                   "registeredAt": PortalFormat.time(found.registeredAt), "since": PortalFormat.time(found.since)]
            } catch let problem as APIProblem where problem.code == APIProblem.notFound.code {
                values["notFound"] = true
            } catch let problem as APIProblem where !problem.fields.isEmpty {
                values["problems"] = problem.fields.map { portal.localizer.message(for: $0, in: language) }
            }
        }
        return try portal.page("status", context, title: "lookup.title", values)
    }
}
