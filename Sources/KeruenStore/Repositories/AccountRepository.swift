import Foundation
import KeruenCore
import SQLKit

/// Companies' advance accounts and their movements. A debit that the balance does not cover changes
/// nothing: the balance is checked and lowered in one statement, so two payments cannot both spend it.
public struct AccountRepository: Sendable {
    let sql: any SQLDatabase

    public func balance(companyBIN: String) async throws -> Tenge {
        let row = try await sql.raw("SELECT balance_tiyn FROM advance_accounts WHERE company_bin = \(bind: companyBIN)").first()
        return Tenge(tiyn: try row?.decode(column: "balance_tiyn", as: Int64.self) ?? 0)
    }

    public func credit(companyBIN: String, amount: Tenge, reference: String, invoiceID: String? = nil, at now: Date, by actor: String) async throws -> AccountMovement {
        let row = try await sql.raw("""
            INSERT INTO advance_accounts (company_bin, balance_tiyn) VALUES (\(bind: companyBIN), \(bind: amount.tiyn))
            ON CONFLICT (company_bin) DO UPDATE SET balance_tiyn = advance_accounts.balance_tiyn + excluded.balance_tiyn
            RETURNING balance_tiyn
            """).first()
        let balance = Tenge(tiyn: try row?.decode(column: "balance_tiyn", as: Int64.self) ?? amount.tiyn)
        return try await insert(AccountMovement(id: TimeOrderedID.make(), companyBIN: companyBIN, kind: .credit, amount: amount, balanceAfter: balance,
                                                invoiceID: invoiceID, reference: reference, at: now, actor: actor))
    }

    /// Takes `amount` from the account; nil, and nothing changed, when the balance does not cover it.
    public func debit(companyBIN: String, amount: Tenge, invoiceID: String, reference: String, at now: Date, by actor: String) async throws -> AccountMovement? {
        guard let row = try await sql.raw("""
            UPDATE advance_accounts SET balance_tiyn = balance_tiyn - \(bind: amount.tiyn)
            WHERE company_bin = \(bind: companyBIN) AND balance_tiyn >= \(bind: amount.tiyn)
            RETURNING balance_tiyn
            """).first() else { return nil }
        let balance = Tenge(tiyn: try row.decode(column: "balance_tiyn", as: Int64.self))
        return try await insert(AccountMovement(id: TimeOrderedID.make(), companyBIN: companyBIN, kind: .debit, amount: amount, balanceAfter: balance,
                                                invoiceID: invoiceID, reference: reference, at: now, actor: actor))
    }

    /// The latest movements first.
    public func movements(companyBIN: String, limit: Int = 200) async throws -> [AccountMovement] {
        try await sql.raw("""
            SELECT id, company_bin, kind, amount_tiyn, balance_after_tiyn, invoice_id, reference, at, actor
            FROM account_movements WHERE company_bin = \(bind: companyBIN) ORDER BY at DESC, id DESC LIMIT \(bind: limit)
            """).all().map { row in
            AccountMovement(id: try row.decode(column: "id", as: String.self), companyBIN: try row.decode(column: "company_bin", as: String.self),
                                   kind: try row.decode(column: "kind", parsing: AccountMovement.Kind.init(rawValue:)), amount: Tenge(tiyn: try row.decode(column: "amount_tiyn", as: Int64.self)),
                                   balanceAfter: Tenge(tiyn: try row.decode(column: "balance_after_tiyn", as: Int64.self)),
                                   invoiceID: try row.decode(column: "invoice_id", as: String?.self), reference: try row.decode(column: "reference", as: String.self),
                                   at: Date(microsecondsSince1970: try row.decode(column: "at", as: Int64.self)), actor: try row.decode(column: "actor", as: String.self))
        }
    }

    private func insert(_ movement: AccountMovement) async throws -> AccountMovement {
        try await sql.raw("""
            INSERT INTO account_movements (id, company_bin, kind, amount_tiyn, balance_after_tiyn, invoice_id, reference, at, actor)
            VALUES (\(bind: movement.id), \(bind: movement.companyBIN), \(bind: movement.kind.rawValue), \(bind: movement.amount.tiyn),
                    \(bind: movement.balanceAfter.tiyn), \(bind: movement.invoiceID), \(bind: movement.reference),
                    \(bind: movement.at.microsecondsSince1970), \(bind: movement.actor))
            """).run()
        return movement
    }
}
