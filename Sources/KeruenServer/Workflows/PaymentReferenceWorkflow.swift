import Foundation
import KeruenCore
import KeruenReference
import KeruenStore

/// Imports of the National Bank's rates and of the tariff, from `keruen import …` and the admin API.
/// A file is read whole before anything is stored: a bad one is refused with each bad line and its
/// reason, and nothing of it is kept. Every import is audited.
public struct PaymentReferenceWorkflow: Sendable {
    let dependencies: AppDependencies

    public init(dependencies: AppDependencies) { self.dependencies = dependencies }

    /// Stores the rates of a National Bank file (one day); answers them.
    public func importRates(_ file: Data, actor: String) async throws -> [ExchangeRate] {
        let rates = try Self.rates(in: file)
        try await storeRates(rates, actor: actor)
        return rates
    }

    /// The rates of a file, or its refusal as a problem naming the line.
    public static func rates(in file: Data) throws -> [ExchangeRate] {
        switch NationalBankRatesFile.parse(file) {
        case .success(let rates): return rates
        case .failure(let refusal): throw APIProblem.validation([problem(line: refusal.line, refusal.reason)])
        }
    }

    /// Stores rates read from one or more files, in one transaction.
    public func storeRates(_ rates: [ExchangeRate], actor: String) async throws {
        let days = Set(rates.map(\.day.description)).sorted().joined(separator: ",")
        try await store("rates.import", objectType: "exchange-rates", objectID: days, digest: try stateDigest(of: rates), actor: actor) {
            try await $0.paymentReference.storeRates(rates, by: actor, at: dependencies.clock())
        }
    }

    /// Stores the records of a tariff file, replacing records with the same ids; answers them.
    public func importTariff(_ text: String, actor: String) async throws -> [TariffRecord] {
        let records: [TariffRecord]
        switch TariffFile.parse(text) {
        case .success(let parsed): records = parsed
        case .failure(let refused): throw APIProblem.validation(refused.refusals.map { Self.problem(line: $0.line, $0.reason) })
        }
        try await store("tariff.import", objectType: "tariff", objectID: "\(records.count) record(s)",
                        digest: try stateDigest(of: records.map(\.fields)), actor: actor) {
            try await $0.paymentReference.storeTariff(records, by: actor, at: dependencies.clock())
        }
        return records
    }

    /// An administrator's edit of one record: checked as a tariff file's line is, stored under `id`.
    public func putTariffRecord(id: String, fields: [String: String], actor: String) async throws -> TariffRecord {
        var fields = fields
        fields["id"] = id
        let record: TariffRecord
        do throws(TariffRecord.FieldProblem) { record = try TariffRecord(fields: fields) } catch {
            throw APIProblem.validation([ValidationProblem("/", .invalidLine, ["line": "1", "reason": error.text])])
        }
        try await store("tariff.record.put", objectType: "tariff-record", objectID: id, digest: try stateDigest(of: record.fields), actor: actor) {
            try await $0.paymentReference.storeTariff([record], by: actor, at: dependencies.clock())
        }
        return record
    }

    public func deleteTariffRecord(id: String, actor: String) async throws {
        try await store("tariff.record.delete", objectType: "tariff-record", objectID: id, digest: id, actor: actor) {
            guard try await $0.paymentReference.deleteTariffRecord(id: id) else { throw APIProblem.notFound }
        }
    }

    /// The demo data set's illustrative tariff and rates.
    func loadIllustrative(actor: String) async throws {
        let rates = try NationalBankRatesFile.illustrative(), tariff = try TariffFile.illustrative()
        try await store("tariff.import", objectType: "tariff", objectID: "illustrative",
                        digest: try stateDigest(of: tariff.map(\.fields)), actor: actor) { session in
            try await session.paymentReference.storeTariff(tariff, by: actor, at: dependencies.clock())
            try await session.paymentReference.storeRates(rates, by: actor, at: dependencies.clock())
        }
    }

    private func store(_ action: String, objectType: String, objectID: String, digest: String, actor: String,
                       _ body: @escaping @Sendable (StoreSession) async throws -> Void) async throws {
        try await dependencies.store.write { session in
            try await body(session)
            session.record(AuditEntry(actor: actor, action: action, objectType: objectType, objectID: objectID, at: dependencies.clock(),
                                      stateDigest: digest))
        }
        dependencies.paymentReference.invalidate()
    }

    static func problem(line: Int, _ reason: String) -> ValidationProblem {
        ValidationProblem("/lines/\(line)", .invalidLine, ["line": String(line), "reason": reason])
    }
}
