import Foundation
import KeruenAPI
import KeruenCore
import KeruenReference
import KeruenStore

/// Conversions between the generated API types and the domain. Amounts travel as decimal strings
/// so that no digit is lost; a string that is not a decimal is reported against its field.
enum APIMapping {
    typealias Schemas = Components.Schemas

    // MARK: Request → domain

    static func content(_ body: Schemas.DeclarationContent) throws -> DeclarationContent {
        var problems: [ValidationProblem] = []
        func amount(_ text: String?, _ pointer: String) -> Decimal? {
            guard let text else { return nil }
            guard let value = DecimalText.parse(text) else {
                problems.append(ValidationProblem(pointer, expected: .decimal))
                return nil
            }
            return value
        }
        func quantity(_ number: Double?, _ pointer: String) -> Decimal? {
            guard let number else { return nil }
            guard number.isFinite, let value = Decimal(string: "\(number)"), abs(number) < 1e15 else {
                problems.append(ValidationProblem(pointer, expected: .quantity))
                return nil
            }
            return value
        }
        let items = (body.items ?? []).enumerated().map { index, item in
            GoodsItem(commodityCode: item.commodityCode, description: item.description, originCountry: item.originCountry,
                      grossMass: quantity(item.grossMass, "/items/\(index)/grossMass"),
                      netMass: quantity(item.netMass, "/items/\(index)/netMass"),
                      supplementaryQuantity: quantity(item.supplementaryQuantity, "/items/\(index)/supplementaryQuantity"),
                      supplementaryUnit: item.supplementaryUnit,
                      invoiceValue: amount(item.invoiceValue, "/items/\(index)/invoiceValue"),
                      valuationMethod: item.valuationMethod, documents: item.documents)
        }
        let content = DeclarationContent(
            kind: body.kind.flatMap { DeclarationKind(rawValue: $0.rawValue) },
            procedure: body.procedure, officeCode: body.officeCode,
            declarant: body.declarant.map(party), representative: body.representative.map(party),
            consignor: body.consignor.map(party), consignee: body.consignee.map(party),
            transport: body.transport.map { Transport(mode: $0.mode, identification: $0.identification, nationality: $0.nationality) },
            invoiceCurrency: body.invoiceCurrency, invoiceTotal: amount(body.invoiceTotal, "/invoiceTotal"),
            incoterms: body.incoterms.map { Incoterms(code: $0.code, place: $0.place) },
            additions: body.additions.map {
                ValuationAdditions(transport: amount($0.transport, "/additions/transport"), insurance: amount($0.insurance, "/additions/insurance"),
                                   other: amount($0.other, "/additions/other"), currency: $0.currency,
                                   basis: $0.basis.flatMap { ValuationAdditions.Basis(rawValue: $0.rawValue) })
            },
            dispatchCountry: body.dispatchCountry, destinationCountry: body.destinationCountry, items: items)
        if !problems.isEmpty { throw APIProblem.validation(problems) }
        return content
    }

    static func party(_ party: Schemas.Party) -> Party {
        Party(identificationNumber: party.identificationNumber, name: party.name, country: party.country, address: party.address)
    }

    /// The version in an `If-Match` header: `"3"`, `W/"3"` or `3`.
    static func version(ifMatch: String?) throws -> Int? {
        guard let ifMatch else { return nil }
        var tag = Substring(ifMatch.trimmingSpaces())
        if tag.hasPrefix("W/") { tag = tag.dropFirst(2) }
        if tag.count >= 2, tag.hasPrefix("\""), tag.hasSuffix("\"") { tag = tag.dropFirst().dropLast() }
        guard let version = Int(tag) else {
            throw APIProblem(.badRequest, "bad-request", detail: "If-Match must carry the version from the ETag, e.g. \"3\".")
        }
        return version
    }

    /// A base64 signature from a request; nil when none was sent.
    static func signatureBytes(_ text: String?) throws -> [UInt8]? {
        guard let text else { return nil }
        guard let data = Data(base64Encoded: text, options: .ignoreUnknownCharacters), !data.isEmpty else {
            throw APIProblem.validation([ValidationProblem("/signature", expected: .base64)])
        }
        return Array(data)
    }

    static func eTag(_ declaration: Declaration) -> String { "\"\(declaration.version)\"" }

    // MARK: Domain → response

    static func declaration(_ d: Declaration, language: Language, localizer: Localizer) -> Schemas.Declaration {
        Schemas.Declaration(
            id: d.id, version: d.version, status: Schemas.DeclarationStatus(rawValue: d.status.rawValue)!,
            registrationNumber: d.registrationNumber?.description, registeredAt: d.registeredAt,
            createdAt: d.createdAt, updatedAt: d.updatedAt, content: content(d.content),
            rejectionReasons: d.rejectionProblems.isEmpty ? nil : fieldProblems(d.rejectionProblems, language: language, localizer: localizer))
    }

    static func content(_ c: DeclarationContent) -> Schemas.DeclarationContent {
        func party(_ p: Party?) -> Schemas.Party? {
            p.map { Schemas.Party(identificationNumber: $0.identificationNumber, name: $0.name, country: $0.country, address: $0.address) }
        }
        return Schemas.DeclarationContent(
            kind: c.kind.flatMap { Schemas.DeclarationKind(rawValue: $0.rawValue) }, procedure: c.procedure, officeCode: c.officeCode,
            declarant: party(c.declarant), representative: party(c.representative), consignor: party(c.consignor), consignee: party(c.consignee),
            transport: c.transport.map { Schemas.Transport(mode: $0.mode, identification: $0.identification, nationality: $0.nationality) },
            invoiceCurrency: c.invoiceCurrency, invoiceTotal: c.invoiceTotal.map(DecimalText.format),
            incoterms: c.incoterms.map { Schemas.Incoterms(code: $0.code, place: $0.place) },
            additions: c.additions.map {
                Schemas.ValuationAdditions(transport: $0.transport.map(DecimalText.format), insurance: $0.insurance.map(DecimalText.format),
                                           other: $0.other.map(DecimalText.format), currency: $0.currency,
                                           basis: $0.basis.flatMap { Schemas.ValuationAdditions.BasisPayload(rawValue: $0.rawValue) })
            },
            dispatchCountry: c.dispatchCountry, destinationCountry: c.destinationCountry,
            items: c.items.map { item in
                Schemas.GoodsItem(commodityCode: item.commodityCode, description: item.description, originCountry: item.originCountry,
                                  grossMass: item.grossMass.map(DecimalText.double), netMass: item.netMass.map(DecimalText.double),
                                  supplementaryQuantity: item.supplementaryQuantity.map(DecimalText.double), supplementaryUnit: item.supplementaryUnit,
                                  invoiceValue: item.invoiceValue.map(DecimalText.format), valuationMethod: item.valuationMethod,
                                  documents: item.documents)
            })
    }

    static func summary(_ s: DeclarationRepository.Summary) -> Schemas.DeclarationSummary {
        Schemas.DeclarationSummary(
            id: s.id, version: s.version, status: Schemas.DeclarationStatus(rawValue: s.status.rawValue)!,
            kind: s.kind.flatMap { Schemas.DeclarationKind(rawValue: $0.rawValue) }, procedure: s.procedure, officeCode: s.officeCode,
            declarantBIN: s.declarantBIN, declarantName: s.declarantName, registrationNumber: s.registrationNumber,
            registeredAt: s.registeredAt, invoiceCurrency: s.invoiceCurrency, invoiceTotal: s.invoiceTotal.map(DecimalText.format),
            itemCount: s.itemCount, updatedAt: s.updatedAt)
    }

    static func fieldProblems(_ problems: [ValidationProblem], language: Language, localizer: Localizer) -> [Schemas.FieldProblem] {
        problems.map { Schemas.FieldProblem(pointer: $0.pointer, code: $0.code.rawValue, message: localizer.message(for: $0, in: language)) }
    }

    static func signature(_ s: DeclarationSignature) -> Schemas.Signature {
        Schemas.Signature(purpose: s.purpose, version: s.version, signature: Data(s.signature).base64EncodedString(),
                          certificate: PEMText.certificate(s.certificate), signerIIN: s.signer.iin, signerBIN: s.signer.bin,
                          signerName: s.signer.commonName, subject: s.subject, issuer: s.issuer, serialNumber: s.serialNumber,
                          signingTime: s.signingTime, verifiedAt: s.verifiedAt, submittedBy: s.submittedBy, serverHeldKey: s.serverHeldKey)
    }

    static func trustEntry(_ e: TrustRepository.Entry) -> Schemas.TrustEntry {
        Schemas.TrustEntry(fingerprint: e.fingerprint, name: e.name, from: e.from, until: e.until, revokedCount: e.revokedCount,
                           addedAt: e.addedAt, addedBy: e.addedBy)
    }

    static func checkpoint(_ c: AuditCheckpoint) -> Schemas.AuditCheckpoint {
        Schemas.AuditCheckpoint(length: c.length, headHash: c.headHash, at: c.at, signature: Data(c.signature).base64EncodedString(),
                                publicKey: c.publicKey)
    }

    static func user(_ user: UserAccount) -> Schemas.User {
        Schemas.User(username: user.username, displayName: user.displayName, iin: user.iin,
                     roles: user.roles.map(\.rawValue).sorted().compactMap(Schemas.Role.init(rawValue:)),
                     companyBIN: user.companyBIN, officeCode: user.officeCode, language: Schemas.Language(rawValue: user.language.rawValue)!)
    }

    static func company(_ company: Company) -> Schemas.Company {
        Schemas.Company(bin: company.bin, name: company.name, address: company.address,
                        aeoStatus: Schemas.Company.AeoStatusPayload(rawValue: company.aeoStatus.rawValue))
    }

    static func hsEntry(_ entry: HSEntry) -> Schemas.HSEntry {
        Schemas.HSEntry(code: entry.code, description: entry.description, level: entry.level, section: entry.section, parent: entry.parent)
    }
}

/// Request bodies and answers as the API writes them, for the load generator, the tests and the benchmarks.
public enum APIPayload {
    public static func declarationJSON(_ content: DeclarationContent) throws -> Data {
        try JSONEncoder().encode(APIMapping.content(content))
    }

    /// A request body read as the server reads it: the API's types, then the domain's.
    public static func content(fromJSON body: Data) throws -> DeclarationContent {
        try APIMapping.content(JSONDecoder().decode(Components.Schemas.DeclarationContent.self, from: body))
    }

    /// The answer the API gives for `declaration`, encoded as the server encodes it (sorted keys, ISO 8601 dates).
    public static func answerJSON(_ declaration: Declaration, localizer: Localizer) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return try encoder.encode(APIMapping.declaration(declaration, language: .en, localizer: localizer))
    }
}
