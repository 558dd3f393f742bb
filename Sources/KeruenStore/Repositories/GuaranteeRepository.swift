import Foundation
import KeruenCore
import SQLKit

/// Guarantees and what they secure. A reservation beyond the guarantee's amount changes nothing: the
/// amount is checked and reserved in one statement.
public struct GuaranteeRepository: Sendable {
    let sql: any SQLDatabase

    public func insert(_ guarantee: Guarantee, at now: Date, by actor: String) async throws {
        try await sql.raw("""
            INSERT INTO guarantees (id, company_bin, kind, number, amount_tiyn, reserved_tiyn, valid_from, valid_to, declaration_id, created_at, created_by)
            VALUES (\(bind: guarantee.id), \(bind: guarantee.companyBIN), \(bind: guarantee.kind.rawValue), \(bind: guarantee.number),
                    \(bind: guarantee.amount.tiyn), \(bind: guarantee.reserved.tiyn), \(bind: guarantee.validFrom.description),
                    \(bind: guarantee.validTo.description), \(bind: guarantee.declarationID), \(bind: now.microsecondsSince1970), \(bind: actor))
            """).run()
    }

    public func all(companyBIN: String) async throws -> [Guarantee] {
        try await select("company_bin = \(bind: companyBIN)")
    }

    public func find(id: String) async throws -> Guarantee? {
        try await select("id = \(bind: id)").first
    }

    /// Reserves `amount` of the guarantee for an invoice; false, and nothing changed, if it has not that much left.
    public func secure(invoiceID: String, with guaranteeID: String, amount: Tenge, at now: Date) async throws -> Bool {
        guard try await reserve(amount, of: guaranteeID) else { return false }
        try await sql.raw("""
            INSERT INTO invoice_securities (invoice_id, guarantee_id, amount_tiyn, secured_at)
            VALUES (\(bind: invoiceID), \(bind: guaranteeID), \(bind: amount.tiyn), \(bind: now.microsecondsSince1970))
            """).run()
        try await sql.raw("UPDATE invoices SET secured_tiyn = secured_tiyn + \(bind: amount.tiyn) WHERE id = \(bind: invoiceID)").run()
        return true
    }

    /// Reserves `amount` of the guarantee, checked and reserved in one statement; false, and nothing changed, if it has not that much left.
    func reserve(_ amount: Tenge, of guaranteeID: String) async throws -> Bool {
        try await sql.raw("""
            UPDATE guarantees SET reserved_tiyn = reserved_tiyn + \(bind: amount.tiyn)
            WHERE id = \(bind: guaranteeID) AND reserved_tiyn + \(bind: amount.tiyn) <= amount_tiyn RETURNING id
            """).first() != nil
    }

    /// Gives back `amount` the guarantee held.
    func unreserve(_ amount: Tenge, of guaranteeID: String) async throws {
        try await sql.raw("UPDATE guarantees SET reserved_tiyn = reserved_tiyn - \(bind: amount.tiyn) WHERE id = \(bind: guaranteeID)").run()
    }

    /// Releases what the invoice's guarantees secure (once it is paid); answers how much.
    @discardableResult
    public func release(invoiceID: String, at now: Date) async throws -> Tenge {
        let open = try await sql.raw("""
            SELECT guarantee_id, amount_tiyn, secured_at FROM invoice_securities WHERE invoice_id = \(bind: invoiceID) AND released_at IS NULL
            """).all()
        var released = Tenge.zero
        for row in open {
            let amount = Tenge(tiyn: try row.decode(column: "amount_tiyn", as: Int64.self))
            let guarantee = try row.decode(column: "guarantee_id", as: String.self)
            try await unreserve(amount, of: guarantee)
            try await sql.raw("""
                UPDATE invoice_securities SET released_at = \(bind: now.microsecondsSince1970)
                WHERE invoice_id = \(bind: invoiceID) AND guarantee_id = \(bind: guarantee) AND secured_at = \(bind: try row.decode(column: "secured_at", as: Int64.self))
                """).run()
            released = released + amount
        }
        if released > .zero {
            try await sql.raw("UPDATE invoices SET secured_tiyn = secured_tiyn - \(bind: released.tiyn) WHERE id = \(bind: invoiceID)").run()
        }
        return released
    }

    private func select(_ condition: SQLQueryString) async throws -> [Guarantee] {
        try await sql.raw("""
            SELECT id, company_bin, kind, number, amount_tiyn, reserved_tiyn, valid_from, valid_to, declaration_id FROM guarantees WHERE
            """ + " " + condition + " ORDER BY valid_to DESC, id").all().map { row in
            Guarantee(id: try row.decode(column: "id", as: String.self), companyBIN: try row.decode(column: "company_bin", as: String.self),
                             kind: try row.decode(column: "kind", parsing: Guarantee.Kind.init(rawValue:)), number: try row.decode(column: "number", as: String.self),
                             amount: Tenge(tiyn: try row.decode(column: "amount_tiyn", as: Int64.self)),
                             reserved: Tenge(tiyn: try row.decode(column: "reserved_tiyn", as: Int64.self)),
                             validFrom: try row.decode(column: "valid_from", parsing: CustomsDay.init(iso:)),
                             validTo: try row.decode(column: "valid_to", parsing: CustomsDay.init(iso:)),
                             declarationID: try row.decode(column: "declaration_id", as: String?.self))
        }
    }
}
