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
        for chunk in stride(from: 0, to: invoice.lines.count, by: 100) {
            let rows = invoice.lines[chunk..<min(chunk + 100, invoice.lines.count)].enumerated().map { offset, line -> SQLQueryString in
                """
                (\(bind: invoice.id), \(bind: chunk + offset + 1), \(bind: line.code), \(bind: line.item), \(bind: line.base.tiyn),
                 \(bind: line.quantity.map(DecimalText.format)), \(bind: line.rate), \(bind: line.amount.tiyn), \(bind: line.rule.rawValue),
                 \(bind: line.record), \(bind: line.preference), \(bind: line.preferencePercent.map(DecimalText.format)))
                """
            }
            try await sql.raw("""
                INSERT INTO invoice_lines (invoice_id, line, code, item, base_tiyn, quantity, rate, amount_tiyn, rule, record, preference, preference_percent)
                VALUES \(rows.joined(separator: ", "))
                """).run()
        }
    }

    /// The declaration's invoice, if it has one.
    public func find(declarationID: String) async throws -> Invoice? {
        guard let row = try await sql.raw("""
            SELECT id, declaration_id, reference, declarant_bin, day, customs_value_tiyn, paid_tiyn, created_at
            FROM invoices WHERE declaration_id = \(bind: declarationID)
            """).first() else { return nil }
        let id = try row.decode(column: "id", as: String.self)
        let dayText = try row.decode(column: "day", as: String.self)
        guard let day = CustomsDay(iso: dayText) else { throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "invoice day \(dayText)")) }
        let lines = try await sql.raw("""
            SELECT code, item, base_tiyn, quantity, rate, amount_tiyn, rule, record, preference, preference_percent
            FROM invoice_lines WHERE invoice_id = \(bind: id) ORDER BY line
            """).all().map(Self.line)
        return Invoice(id: id, declarationID: try row.decode(column: "declaration_id", as: String.self),
                       reference: try row.decode(column: "reference", as: String.self),
                       declarantBIN: try row.decode(column: "declarant_bin", as: String?.self), day: day,
                       customsValue: Tenge(tiyn: try row.decode(column: "customs_value_tiyn", as: Int64.self)), lines: lines,
                       paid: Tenge(tiyn: try row.decode(column: "paid_tiyn", as: Int64.self)),
                       createdAt: Date(microsecondsSince1970: try row.decode(column: "created_at", as: Int64.self)))
    }

    static func line(_ row: any SQLRow) throws -> PaymentLine {
        let ruleText = try row.decode(column: "rule", as: String.self)
        guard let rule = PaymentLine.Rule(rawValue: ruleText) else {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "payment rule \(ruleText)"))
        }
        return PaymentLine(code: try row.decode(column: "code", as: String.self), item: try row.decode(column: "item", as: Int?.self),
                           base: Tenge(tiyn: try row.decode(column: "base_tiyn", as: Int64.self)),
                           quantity: try row.decode(column: "quantity", as: String?.self).flatMap(DecimalText.stored),
                           rate: try row.decode(column: "rate", as: String.self), amount: Tenge(tiyn: try row.decode(column: "amount_tiyn", as: Int64.self)),
                           rule: rule, record: try row.decode(column: "record", as: String.self),
                           preference: try row.decode(column: "preference", as: String?.self),
                           preferencePercent: try row.decode(column: "preference_percent", as: String?.self).flatMap(DecimalText.stored))
    }
}
