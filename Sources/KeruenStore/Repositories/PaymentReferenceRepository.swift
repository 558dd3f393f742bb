import Foundation
import KeruenCore
import SQLKit

/// The reference data payments are computed from: the National Bank's rates and the tariff records.
public struct PaymentReferenceRepository: Sendable {
    let sql: any SQLDatabase

    /// Stores a day's rates, replacing what was stored for the same currency and day.
    public func storeRates(_ rates: [ExchangeRate], by actor: String, at now: Date) async throws {
        for rate in rates {
            try await sql.raw("""
                INSERT INTO exchange_rates (currency, day, price, quant, imported_at, imported_by)
                VALUES (\(bind: rate.currency), \(bind: rate.day.description), \(bind: DecimalText.format(rate.price)), \(bind: rate.quant),
                        \(bind: now.microsecondsSince1970), \(bind: actor))
                ON CONFLICT (currency, day) DO UPDATE SET price = excluded.price, quant = excluded.quant,
                  imported_at = excluded.imported_at, imported_by = excluded.imported_by
                """).run()
        }
    }

    public func rates() async throws -> [ExchangeRate] {
        try await sql.raw("SELECT currency, day, price, quant FROM exchange_rates ORDER BY day, currency").all().map { row in
            ExchangeRate(currency: try row.decode(column: "currency", as: String.self), day: try row.decode(column: "day", parsing: CustomsDay.init(iso:)),
                         price: try row.decode(column: "price", parsing: DecimalText.stored), quant: try row.decode(column: "quant", as: Int.self))
        }
    }

    /// Stores tariff records, replacing stored records with the same ids.
    public func storeTariff(_ records: [TariffRecord], by actor: String, at now: Date) async throws {
        let columns = TariffRecord.fieldNames + ["updated_at", "updated_by"]
        for record in records {
            let fields = record.fields
            try await sql.raw("DELETE FROM tariff_records WHERE id = \(bind: record.id)").run()
            try await sql.insert(into: "tariff_records").columns(columns)
                .values(TariffRecord.fieldNames.map { SQLBind(fields[$0]) } + [SQLBind(now.microsecondsSince1970), SQLBind(actor)])
                .run()
        }
    }

    /// Removes a record; false if there was none with this id.
    public func deleteTariffRecord(id: String) async throws -> Bool {
        try await sql.raw("DELETE FROM tariff_records WHERE id = \(bind: id) RETURNING id").first() != nil
    }

    public func tariff() async throws -> [TariffRecord] {
        try await sql.raw("SELECT * FROM tariff_records ORDER BY id").all().map { row in
            var fields: [String: String] = [:]
            for name in TariffRecord.fieldNames { fields[name] = try row.decode(column: name, as: String?.self) }
            do throws(TariffRecord.FieldProblem) { return try TariffRecord(fields: fields) } catch {
                throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "tariff record \(fields["id"] ?? ""): \(error.text)"))
            }
        }
    }
}
