import Foundation

/// Checks a declaration against the rules of DOMAIN.md and reports every problem at once.
///
/// Two levels: `limitProblems` are the hard limits a draft must respect to be stored at all
/// (string lengths, item count); `problems` are everything a declaration must satisfy to be registered.
public struct DeclarationValidator: Sendable {
    public static let maximumItems = 999

    /// Longest accepted text per kind of field, in characters.
    public enum Limit {
        public static let code = 20
        public static let name = 200
        public static let address = 300
        public static let place = 100
        public static let description = 1000
    }

    let reference: any ReferenceCatalog

    public init(reference: any ReferenceCatalog) {
        self.reference = reference
    }

    // MARK: Limits a draft must respect

    public func limitProblems(in content: DeclarationContent) -> [ValidationProblem] {
        var found = Findings()
        found.limit(content.procedure, "/procedure", Limit.code)
        found.limit(content.officeCode, "/officeCode", Limit.code)
        for (pointer, party) in parties(of: content) {
            found.limit(party.identificationNumber, pointer + "/identificationNumber", Limit.code)
            found.limit(party.name, pointer + "/name", Limit.name)
            found.limit(party.country, pointer + "/country", Limit.code)
            found.limit(party.address, pointer + "/address", Limit.address)
        }
        found.limit(content.transport?.mode, "/transport/mode", Limit.code)
        found.limit(content.transport?.identification, "/transport/identification", Limit.code)
        found.limit(content.transport?.nationality, "/transport/nationality", Limit.code)
        found.limit(content.invoiceCurrency, "/invoiceCurrency", Limit.code)
        found.limit(content.incoterms?.code, "/incoterms/code", Limit.code)
        found.limit(content.incoterms?.place, "/incoterms/place", Limit.place)
        found.limit(content.additions?.currency, "/additions/currency", Limit.code)
        found.limit(content.dispatchCountry, "/dispatchCountry", Limit.code)
        found.limit(content.destinationCountry, "/destinationCountry", Limit.code)
        if content.items.count > Self.maximumItems {
            found.add("/items", .tooMany, ["maximum": String(Self.maximumItems)])
        }
        for (index, item) in content.items.prefix(Self.maximumItems).enumerated() {
            let at = "/items/\(index)"
            found.limit(item.commodityCode, at + "/commodityCode", Limit.code)
            found.limit(item.description, at + "/description", Limit.description)
            found.limit(item.originCountry, at + "/originCountry", Limit.code)
            found.limit(item.supplementaryUnit, at + "/supplementaryUnit", Limit.code)
            if (item.documents?.count ?? 0) > 20 { found.add(at + "/documents", .tooMany, ["maximum": "20"]) }
            for (number, code) in (item.documents ?? []).prefix(20).enumerated()
            where code.utf8.count != 5 || !code.utf8.allSatisfy({ (48...57).contains($0) }) {
                found.add(at + "/documents/\(number)", .invalidFormat, ["format": ValidationProblem.Format.permittedValue.rawValue])
            }
        }
        return found.problems
    }

    // MARK: Rules for registration

    public func problems(in content: DeclarationContent) -> [ValidationProblem] {
        var found = Findings()
        found.problems = limitProblems(in: content)

        if let kind = found.required(content.kind, "/kind") {
            if let procedure = found.required(content.procedure, "/procedure"), !kind.allowedProcedures.contains(procedure) {
                found.add("/procedure", .procedureNotAllowed, ["kind": kind.rawValue, "allowed": kind.allowedProcedures.sorted().joined(separator: ", ")])
            }
        } else {
            _ = found.required(content.procedure, "/procedure")
        }
        if let office = found.required(content.officeCode, "/officeCode") {
            if !isDigits(office, count: 8) {
                found.add("/officeCode", expected: .officeCode)
            } else if let known = reference.office(office) {
                if !known.acceptsDeclarations { found.add("/officeCode", .officeNotPost) }
            } else {
                found.add("/officeCode", .unknownOffice)
            }
        }
        checkParty(content.declarant, "/declarant", needsNumber: true, &found)
        if let representative = content.representative {
            // A broker is known by its BIN; its name comes from the company register.
            if let number = found.required(representative.identificationNumber, "/representative/identificationNumber") {
                checkIdentification(number, "/representative/identificationNumber", &found)
            }
        }
        checkParty(content.consignor, "/consignor", needsNumber: false, &found)
        checkParty(content.consignee, "/consignee", needsNumber: false, &found)

        if let mode = found.required(content.transport?.mode, "/transport/mode"), !Transport.modes.contains(mode) {
            found.add("/transport/mode", .unknownCode)
        }
        _ = found.required(content.transport?.identification, "/transport/identification")
        if let nationality = content.transport?.nationality { checkCountry(nationality, "/transport/nationality", &found) }

        if let currency = found.required(content.invoiceCurrency, "/invoiceCurrency"), !reference.isCurrency(currency) {
            found.add("/invoiceCurrency", .unknownCurrency)
        }
        if let total = found.required(content.invoiceTotal, "/invoiceTotal"), total <= 0 {
            found.add("/invoiceTotal", .notPositive)
        }
        if content.kind != .transit, let code = found.required(content.incoterms?.code, "/incoterms/code"), !Incoterms.codes.contains(code) {
            found.add("/incoterms/code", .unknownCode)
        }
        if let additions = content.additions {
            if let currency = additions.currency, !reference.isCurrency(currency) { found.add("/additions/currency", .unknownCurrency) }
            for (name, amount) in [("transport", additions.transport), ("insurance", additions.insurance), ("other", additions.other)] {
                if let amount, amount < 0 { found.add("/additions/\(name)", .notPositive) }
            }
        }
        if let country = found.required(content.dispatchCountry, "/dispatchCountry") { checkCountry(country, "/dispatchCountry", &found) }
        if let country = found.required(content.destinationCountry, "/destinationCountry") { checkCountry(country, "/destinationCountry", &found) }

        if content.items.isEmpty { found.add("/items", .required) }
        for (index, item) in content.items.prefix(Self.maximumItems).enumerated() {
            checkItem(item, "/items/\(index)", kind: content.kind, &found)
        }
        let values = content.items.compactMap(\.invoiceValue)
        if let total = content.invoiceTotal, values.count == content.items.count, !values.isEmpty {
            let sum = values.reduce(Decimal(0), +)
            if sum != total { found.add("/invoiceTotal", .totalsMismatch, ["total": "\(total)", "sum": "\(sum)"]) }
        }
        return found.problems.uniqued()
    }

    private func checkParty(_ party: Party?, _ at: String, needsNumber: Bool, _ found: inout Findings) {
        guard let party else { return found.add(at, .required) }
        let number = needsNumber ? found.required(party.identificationNumber, at + "/identificationNumber") : party.identificationNumber
        if let number { checkIdentification(number, at + "/identificationNumber", &found) }
        _ = found.required(party.name, at + "/name")
        if let country = party.country { checkCountry(country, at + "/country", &found) }
        else if !needsNumber { found.add(at + "/country", .required) }
    }

    private func checkItem(_ item: GoodsItem, _ at: String, kind: DeclarationKind?, _ found: inout Findings) {
        if let code = found.required(item.commodityCode, at + "/commodityCode") {
            if !isDigits(code, count: 10) {
                found.add(at + "/commodityCode", expected: .commodityCode)
            } else if !reference.isSubheading(String(code.prefix(6))) {
                found.add(at + "/commodityCode", .unknownCommodity, ["subheading": String(code.prefix(6))])
            }
        }
        _ = found.required(item.description, at + "/description")
        if let origin = found.required(item.originCountry, at + "/originCountry") { checkCountry(origin, at + "/originCountry", &found) }
        let gross = found.positive(item.grossMass, at + "/grossMass")
        let net = found.positive(item.netMass, at + "/netMass")
        if let gross, let net, net > gross { found.add(at + "/netMass", .netExceedsGross, ["net": "\(net)", "gross": "\(gross)"]) }
        _ = found.positive(item.invoiceValue, at + "/invoiceValue")
        if let quantity = item.supplementaryQuantity {
            if quantity <= 0 { found.add(at + "/supplementaryQuantity", .notPositive) }
            if let unit = found.required(item.supplementaryUnit, at + "/supplementaryUnit"), !GoodsItem.units.contains(unit) {
                found.add(at + "/supplementaryUnit", .unknownCode)
            }
        }
        if kind == .import {
            if let method = found.required(item.valuationMethod, at + "/valuationMethod"), !(1...6).contains(method) {
                found.add(at + "/valuationMethod", .outOfRange, ["minimum": "1", "maximum": "6"])
            }
        }
    }

    private func checkIdentification(_ number: String, _ at: String, _ found: inout Findings) {
        if !isDigits(number, count: 12) {
            found.add(at, expected: .identificationNumber)
        } else if !IdentificationNumber.isValid(number) {
            found.add(at, .invalidCheckDigit)
        }
    }

    private func checkCountry(_ code: String, _ at: String, _ found: inout Findings) {
        if !reference.isCountry(code) { found.add(at, .unknownCountry) }
    }

    private func parties(of content: DeclarationContent) -> [(String, Party)] {
        [("/declarant", content.declarant), ("/representative", content.representative),
         ("/consignor", content.consignor), ("/consignee", content.consignee)]
            .compactMap { pointer, party in party.map { (pointer, $0) } }
    }

    private func isDigits(_ text: String, count: Int) -> Bool {
        text.utf8.count == count && text.utf8.allSatisfy { (48...57).contains($0) }
    }
}

/// Problems collected while walking a declaration.
struct Findings {
    var problems: [ValidationProblem] = []

    mutating func add(_ pointer: String, _ code: ValidationProblem.Code, _ arguments: [String: String] = [:]) {
        problems.append(ValidationProblem(pointer, code, arguments))
    }

    mutating func add(_ pointer: String, expected format: ValidationProblem.Format) {
        problems.append(ValidationProblem(pointer, expected: format))
    }

    /// The value when present; records `required` otherwise.
    mutating func required<T>(_ value: T?, _ pointer: String) -> T? {
        if value == nil { add(pointer, .required) }
        return value
    }

    /// The text when present and not blank; records `required` otherwise. (An overload rather than a
    /// dynamic cast in the generic one: the validator runs on every registration.)
    mutating func required(_ value: String?, _ pointer: String) -> String? {
        guard let value, value.contains(where: { !$0.isWhitespace }) else {
            add(pointer, .required)
            return nil
        }
        return value
    }

    mutating func positive(_ value: Decimal?, _ pointer: String) -> Decimal? {
        guard let value = required(value, pointer) else { return nil }
        if value <= 0 { add(pointer, .notPositive); return nil }
        return value
    }

    mutating func limit(_ text: String?, _ pointer: String, _ maximum: Int) {
        if let text, text.count > maximum { add(pointer, .tooLong, ["maximum": String(maximum)]) }
    }
}

extension Array where Element: Hashable {
    func uniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}
