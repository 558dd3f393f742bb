import Foundation
import KeruenCore
import SQLKit

/// Declarations' single invoices and their lines.
public struct InvoiceRepository: Sendable {
    let sql: any SQLDatabase

    public func insert(_ invoice: Invoice) async throws {
        try await sql.raw("""
            INSERT INTO invoices (id, declaration_id, reference, declarant_bin, day, customs_value_tiyn, total_tiyn, paid_tiyn, created_at)
            VALUES (\(bind: invoice.id), \(bind: invoice.declarationID), \(bind: invoice.reference), \(bind: invoice.declarantBIN),
                    \(bind: invoice.day.description), \(bind: invoice.customsValue.tiyn), \(bind: invoice.total.tiyn), \(bind: invoice.paid.tiyn),
                    \(bind: invoice.createdAt.microsecondsSince1970))
            """).run()
        try await insertLines(of: invoice, after: 0)
    }

    /// A correction's revision: the new lines (after the earlier revisions' ones, which stay), the new
    /// customs value and total, and what is paid now (less, when the difference was refunded).
    public func revise(_ invoice: Invoice) async throws {
        let last = try await sql.raw("SELECT COALESCE(MAX(line), 0) AS last FROM invoice_lines WHERE invoice_id = \(bind: invoice.id)").first()
        try await insertLines(of: invoice, after: try last?.decode(column: "last", as: Int.self) ?? 0)
        try await sql.raw("""
            UPDATE invoices SET revision = \(bind: invoice.revision), customs_value_tiyn = \(bind: invoice.customsValue.tiyn),
              total_tiyn = \(bind: invoice.total.tiyn), paid_tiyn = \(bind: invoice.paid.tiyn)
            WHERE id = \(bind: invoice.id)
            """).run()
    }

    private func insertLines(of invoice: Invoice, after previous: Int) async throws {
        for chunk in stride(from: 0, to: invoice.lines.count, by: 100) {
            let rows = invoice.lines[chunk..<min(chunk + 100, invoice.lines.count)].enumerated().map { offset, line -> SQLQueryString in
                """
                (\(bind: invoice.id), \(bind: previous + chunk + offset + 1), \(bind: invoice.revision), \(bind: line.code), \(bind: line.item),
                 \(bind: line.base.tiyn), \(bind: line.quantity.map(DecimalText.format)), \(bind: line.rate), \(bind: line.amount.tiyn),
                 \(bind: line.rule.rawValue), \(bind: line.record), \(bind: line.preference), \(bind: line.preferencePercent.map(DecimalText.format)))
                """
            }
            try await sql.raw("""
                INSERT INTO invoice_lines (invoice_id, line, revision, code, item, base_tiyn, quantity, rate, amount_tiyn, rule, record, preference, preference_percent)
                VALUES \(rows.joined(separator: ", "))
                """).run()
        }
    }

    /// The declaration's invoice, if it has one.
    public func find(declarationID: String) async throws -> Invoice? {
        try await find(where: "declaration_id = \(bind: declarationID)")
    }

    /// The invoice a bank transfer quotes.
    public func find(reference: String) async throws -> Invoice? {
        try await find(where: "reference = \(bind: reference)")
    }

    /// Records `amount` paid; false, and nothing changed, if that would pay more than the total.
    public func recordPayment(invoiceID: String, amount: Tenge) async throws -> Bool {
        try await sql.raw("""
            UPDATE invoices SET paid_tiyn = paid_tiyn + \(bind: amount.tiyn)
            WHERE id = \(bind: invoiceID) AND paid_tiyn + \(bind: amount.tiyn) <= total_tiyn RETURNING id
            """).first() != nil
    }

    public func insert(_ receipt: Receipt) async throws {
        try await sql.raw("""
            INSERT INTO receipts (id, number, invoice_id, payer_bin, amount_tiyn, method, issued_at, issued_by)
            VALUES (\(bind: receipt.id), \(bind: receipt.number), \(bind: receipt.invoiceID), \(bind: receipt.payerBIN), \(bind: receipt.amount.tiyn),
                    \(bind: receipt.method.rawValue), \(bind: receipt.issuedAt.microsecondsSince1970), \(bind: receipt.issuedBy))
            """).run()
    }

    /// The receipts of an invoice, oldest first.
    public func receipts(invoiceID: String) async throws -> [Receipt] {
        try await sql.raw("""
            SELECT r.id, r.number, r.invoice_id, i.reference, r.payer_bin, r.amount_tiyn, r.method, r.issued_at, r.issued_by
            FROM receipts r JOIN invoices i ON i.id = r.invoice_id WHERE r.invoice_id = \(bind: invoiceID) ORDER BY r.issued_at, r.number
            """).all().map { row in
            Receipt(id: try row.decode(column: "id", as: String.self), number: try row.decode(column: "number", as: String.self),
                           invoiceID: try row.decode(column: "invoice_id", as: String.self), invoiceReference: try row.decode(column: "reference", as: String.self),
                           payerBIN: try row.decode(column: "payer_bin", as: String.self), amount: Tenge(tiyn: try row.decode(column: "amount_tiyn", as: Int64.self)),
                           method: try row.decode(column: "method", parsing: Receipt.Method.init(rawValue:)), issuedAt: Date(microsecondsSince1970: try row.decode(column: "issued_at", as: Int64.self)),
                           issuedBy: try row.decode(column: "issued_by", as: String.self))
        }
    }

    private func find(where condition: SQLQueryString) async throws -> Invoice? {
        guard let row = try await sql.raw("""
            SELECT id, declaration_id, reference, declarant_bin, day, customs_value_tiyn, paid_tiyn, secured_tiyn, revision, created_at FROM invoices WHERE
            """ + " " + condition).first() else { return nil }
        let id = try row.decode(column: "id", as: String.self)
        let revision = try row.decode(column: "revision", as: Int.self)
        let lines = try await sql.raw("""
            SELECT code, item, base_tiyn, quantity, rate, amount_tiyn, rule, record, preference, preference_percent
            FROM invoice_lines WHERE invoice_id = \(bind: id) AND revision = \(bind: revision) ORDER BY line
            """).all().map(Self.line)
        return Invoice(id: id, declarationID: try row.decode(column: "declaration_id", as: String.self),
                       reference: try row.decode(column: "reference", as: String.self),
                       declarantBIN: try row.decode(column: "declarant_bin", as: String?.self), day: try row.decode(column: "day", parsing: CustomsDay.init(iso:)),
                       customsValue: Tenge(tiyn: try row.decode(column: "customs_value_tiyn", as: Int64.self)), lines: lines,
                       paid: Tenge(tiyn: try row.decode(column: "paid_tiyn", as: Int64.self)),
                       secured: Tenge(tiyn: try row.decode(column: "secured_tiyn", as: Int64.self)), revision: revision,
                       createdAt: Date(microsecondsSince1970: try row.decode(column: "created_at", as: Int64.self)))
    }

    static func line(_ row: any SQLRow) throws -> PaymentLine {
        PaymentLine(code: try row.decode(column: "code", as: String.self), item: try row.decode(column: "item", as: Int?.self),
                           base: Tenge(tiyn: try row.decode(column: "base_tiyn", as: Int64.self)),
                           quantity: try row.decode(column: "quantity", as: String?.self).flatMap(DecimalText.stored),
                           rate: try row.decode(column: "rate", as: String.self), amount: Tenge(tiyn: try row.decode(column: "amount_tiyn", as: Int64.self)),
                           rule: try row.decode(column: "rule", parsing: PaymentLine.Rule.init(rawValue:)), record: try row.decode(column: "record", as: String.self),
                           preference: try row.decode(column: "preference", as: String?.self),
                           preferencePercent: try row.decode(column: "preference_percent", as: String?.self).flatMap(DecimalText.stored))
    }
}
