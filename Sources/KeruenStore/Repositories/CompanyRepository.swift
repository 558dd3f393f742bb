import Foundation
import KeruenCore
import SQLKit

/// Companies and brokers' representation contracts.
public struct CompanyRepository: Sendable {
    let sql: any SQLDatabase

    public func insert(_ company: Company, at now: Date) async throws {
        try await sql.insert(into: "companies")
            .columns("bin", "name", "address", "aeo_status", "created_at")
            .values(SQLBind(company.bin), SQLBind(company.name), SQLBind(company.address), SQLBind(company.aeoStatus.rawValue), SQLBind(now.microsecondsSince1970))
            .run()
    }

    public func find(bin: String) async throws -> Company? {
        try await sql.raw("SELECT bin, name, address, aeo_status FROM companies WHERE bin = \(bind: bin)").first().map(Self.company)
    }

    public func all() async throws -> [Company] {
        try await sql.raw("SELECT bin, name, address, aeo_status FROM companies ORDER BY name").all().map(Self.company)
    }

    public func insert(_ contract: RepresentationContract, at now: Date) async throws {
        try await sql.insert(into: "representations")
            .columns("broker_bin", "declarant_bin", "contract_number", "valid_from", "valid_to", "created_at")
            .values(SQLBind(contract.brokerBIN), SQLBind(contract.declarantBIN), SQLBind(contract.contractNumber),
                    SQLBind(contract.validFrom.description), SQLBind(contract.validTo?.description), SQLBind(now.microsecondsSince1970))
            .run()
    }

    /// The declarants a broker may act for on `day`.
    public func representedDeclarants(brokerBIN: String, on day: CustomsDay) async throws -> Set<String> {
        try await contractParties("declarant_bin", whose: "broker_bin", is: brokerBIN, on: day)
    }

    /// The brokers that may act for a declarant on `day`.
    public func representingBrokers(declarantBIN: String, on day: CustomsDay) async throws -> Set<String> {
        try await contractParties("broker_bin", whose: "declarant_bin", is: declarantBIN, on: day)
    }

    /// One side of the contracts valid on `day` whose other side is `bin`.
    private func contractParties(_ wanted: String, whose column: String, is bin: String, on day: CustomsDay) async throws -> Set<String> {
        let rows = try await sql.raw("""
            SELECT \(unsafeRaw: wanted) AS party FROM representations
            WHERE \(unsafeRaw: column) = \(bind: bin) AND valid_from <= \(bind: day.description)
              AND (valid_to IS NULL OR valid_to >= \(bind: day.description))
            """).all()
        return Set(try rows.map { try $0.decode(column: "party", as: String.self) })
    }

    static func company(_ row: any SQLRow) throws -> Company {
        Company(
            bin: try row.decode(column: "bin", as: String.self),
            name: try row.decode(column: "name", as: String.self),
            address: try row.decode(column: "address", as: String.self),
            aeoStatus: AEOStatus(rawValue: try row.decode(column: "aeo_status", as: String.self)) ?? .none)
    }
}
