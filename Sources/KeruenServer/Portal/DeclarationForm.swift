import Foundation
import KeruenCore
import KeruenReference

/// The draft form of the portal. Every input is named by the JSON pointer of its field, so that a
/// validation problem's pointer tells directly which input it belongs beside.
struct DeclarationForm {
    struct Field {
        var pointer: String
        var label: String
        var options: [(value: String, label: String)] = []
        var list: String? = nil
    }

    static let header: [Field] = [
        Field(pointer: "/kind", label: "form.kind"),
        Field(pointer: "/procedure", label: "form.procedure"),
        Field(pointer: "/officeCode", label: "form.office"),
        Field(pointer: "/declarant/identificationNumber", label: "form.declarant"),
        Field(pointer: "/declarant/name", label: "form.declarantName"),
        Field(pointer: "/representative/identificationNumber", label: "form.representative"),
        Field(pointer: "/consignor/name", label: "form.consignor"),
        Field(pointer: "/consignor/country", label: "form.consignorCountry", list: "countries"),
        Field(pointer: "/consignee/name", label: "form.consignee"),
        Field(pointer: "/consignee/country", label: "form.consigneeCountry", list: "countries"),
        Field(pointer: "/transport/mode", label: "form.transportMode"),
        Field(pointer: "/transport/identification", label: "form.transportId"),
        Field(pointer: "/transport/nationality", label: "form.transportNationality", list: "countries"),
        Field(pointer: "/invoiceCurrency", label: "form.currency", list: "currencies"),
        Field(pointer: "/invoiceTotal", label: "form.total"),
        Field(pointer: "/incoterms/code", label: "form.incoterms"),
        Field(pointer: "/incoterms/place", label: "form.incotermsPlace"),
        Field(pointer: "/additions/transport", label: "form.additionsTransport"),
        Field(pointer: "/additions/insurance", label: "form.additionsInsurance"),
        Field(pointer: "/additions/other", label: "form.additionsOther"),
        Field(pointer: "/additions/currency", label: "form.additionsCurrency", list: "currencies"),
        Field(pointer: "/additions/basis", label: "form.additionsBasis"),
        Field(pointer: "/dispatchCountry", label: "form.dispatch", list: "countries"),
        Field(pointer: "/destinationCountry", label: "form.destination", list: "countries"),
    ]

    static let itemFields: [Field] = [
        Field(pointer: "commodityCode", label: "form.commodityCode"),
        Field(pointer: "description", label: "form.description"),
        Field(pointer: "originCountry", label: "form.origin", list: "countries"),
        Field(pointer: "grossMass", label: "form.gross"),
        Field(pointer: "netMass", label: "form.net"),
        Field(pointer: "supplementaryQuantity", label: "form.quantity"),
        Field(pointer: "supplementaryUnit", label: "form.unit"),
        Field(pointer: "invoiceValue", label: "form.value"),
        Field(pointer: "valuationMethod", label: "form.method"),
        Field(pointer: "documents", label: "form.documents"),
    ]

    /// Choices for the fields that have a short closed list.
    static func options(for pointer: String, reference: ReferenceData, language: Language, localizer: Localizer) -> [(value: String, label: String)] {
        switch pointer {
        case "/kind": DeclarationKind.allCases.map { ($0.rawValue, "\($0.rawValue) — \(localizer.text("kind.\($0.rawValue)", language))") }
        case "/procedure": ["40", "51", "53", "10", "31", "80"].map { ($0, $0) }
        case "/officeCode": reference.offices.values.filter(\.acceptsDeclarations).sorted { $0.code < $1.code }
            .map { ($0.code, "\($0.code) \($0.names.text(in: language))") }
        case "/transport/mode": Transport.modes.sorted().map { ($0, $0) }
        case "/incoterms/code": Incoterms.codes.sorted().map { ($0, $0) }
        case "/additions/basis": ValuationAdditions.Basis.allCases.map { ($0.rawValue, localizer.text("basis.\($0.rawValue)", language)) }
        case "valuationMethod": (1...6).map { ("\($0)", "\($0)") }
        case "supplementaryUnit": GoodsItem.units.sorted().map { ($0, $0) }
        default: []
        }
    }

    /// The raw text of every input, by pointer.
    var values: [String: String]
    var itemCount: Int

    init(content: DeclarationContent) {
        var values: [String: String] = [:]
        func set(_ pointer: String, _ value: String?) { if let value { values[pointer] = value } }
        set("/kind", content.kind?.rawValue)
        set("/procedure", content.procedure)
        set("/officeCode", content.officeCode)
        set("/declarant/identificationNumber", content.declarant?.identificationNumber)
        set("/declarant/name", content.declarant?.name)
        set("/representative/identificationNumber", content.representative?.identificationNumber)
        set("/consignor/name", content.consignor?.name)
        set("/consignor/country", content.consignor?.country)
        set("/consignee/name", content.consignee?.name)
        set("/consignee/country", content.consignee?.country)
        set("/transport/mode", content.transport?.mode)
        set("/transport/identification", content.transport?.identification)
        set("/transport/nationality", content.transport?.nationality)
        set("/invoiceCurrency", content.invoiceCurrency)
        set("/invoiceTotal", content.invoiceTotal.map(DecimalText.format))
        set("/incoterms/code", content.incoterms?.code)
        set("/incoterms/place", content.incoterms?.place)
        set("/additions/transport", content.additions?.transport.map(DecimalText.format))
        set("/additions/insurance", content.additions?.insurance.map(DecimalText.format))
        set("/additions/other", content.additions?.other.map(DecimalText.format))
        set("/additions/currency", content.additions?.currency)
        set("/additions/basis", content.additions?.basis?.rawValue)
        set("/dispatchCountry", content.dispatchCountry)
        set("/destinationCountry", content.destinationCountry)
        for (index, item) in content.items.enumerated() {
            let at = "/items/\(index)/"
            set(at + "commodityCode", item.commodityCode)
            set(at + "description", item.description)
            set(at + "originCountry", item.originCountry)
            set(at + "grossMass", item.grossMass.map(DecimalText.format))
            set(at + "netMass", item.netMass.map(DecimalText.format))
            set(at + "supplementaryQuantity", item.supplementaryQuantity.map(DecimalText.format))
            set(at + "supplementaryUnit", item.supplementaryUnit)
            set(at + "invoiceValue", item.invoiceValue.map(DecimalText.format))
            set(at + "valuationMethod", item.valuationMethod.map(String.init))
            set(at + "documents", item.documents?.joined(separator: " "))
        }
        self.values = values
        self.itemCount = max(content.items.count, 1)
    }

    init(form: FormData) {
        values = form.fields.filter { $0.key.hasPrefix("/") }
        let indexes = values.keys.compactMap { key -> Int? in
            guard key.hasPrefix("/items/") else { return nil }
            return Int(key.dropFirst(7).prefix { $0 != "/" })
        }
        itemCount = min((indexes.max() ?? 0) + 1, DeclarationValidator.maximumItems)
    }

    /// The content the inputs describe, and what could not be read (a mass that is not a number…).
    /// The form's "add an item" and "remove the last item" buttons; any other action leaves the items as they are.
    mutating func changeItems(for action: String?) {
        if action == "add-item" { itemCount = min(itemCount + 1, DeclarationValidator.maximumItems) }
        if action == "remove-item", itemCount > 1 {
            values = values.filter { !$0.key.hasPrefix("/items/\(itemCount - 1)/") }
            itemCount -= 1
        }
    }

    func content() -> (DeclarationContent, [ValidationProblem]) {
        var problems: [ValidationProblem] = []
        func text(_ pointer: String) -> String? {
            guard let value = values[pointer]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
            return value
        }
        func decimal(_ pointer: String) -> Decimal? {
            guard let raw = text(pointer) else { return nil }
            guard let value = DecimalText.parse(raw.replacingOccurrences(of: ",", with: ".").replacingOccurrences(of: " ", with: "")) else {
                problems.append(ValidationProblem(pointer, expected: .decimal))
                return nil
            }
            return value
        }
        func party(_ at: String) -> Party? {
            let party = Party(identificationNumber: text(at + "/identificationNumber"), name: text(at + "/name"), country: text(at + "/country"))
            return party == Party() ? nil : party
        }
        var items: [GoodsItem] = []
        for index in 0..<itemCount {
            let at = "/items/\(index)/"
            var method: Int?
            if let raw = text(at + "valuationMethod") {
                method = Int(raw)
                if method == nil { problems.append(ValidationProblem(at + "valuationMethod", expected: .valuationMethod)) }
            }
            items.append(GoodsItem(commodityCode: text(at + "commodityCode"), description: text(at + "description"),
                                   originCountry: text(at + "originCountry")?.uppercased(), grossMass: decimal(at + "grossMass"),
                                   netMass: decimal(at + "netMass"), supplementaryQuantity: decimal(at + "supplementaryQuantity"),
                                   supplementaryUnit: text(at + "supplementaryUnit"), invoiceValue: decimal(at + "invoiceValue"),
                                   valuationMethod: method,
                                   documents: text(at + "documents")?.split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)))
        }
        let transport = Transport(mode: text("/transport/mode"), identification: text("/transport/identification"), nationality: text("/transport/nationality")?.uppercased())
        let incoterms = Incoterms(code: text("/incoterms/code"), place: text("/incoterms/place"))
        let additions = ValuationAdditions(transport: decimal("/additions/transport"), insurance: decimal("/additions/insurance"),
                                           other: decimal("/additions/other"), currency: text("/additions/currency")?.uppercased(),
                                           basis: text("/additions/basis").flatMap(ValuationAdditions.Basis.init(rawValue:)))
        let content = DeclarationContent(
            kind: text("/kind").flatMap(DeclarationKind.init(rawValue:)), procedure: text("/procedure"), officeCode: text("/officeCode"),
            declarant: party("/declarant"), representative: party("/representative"),
            consignor: party("/consignor").map { var p = $0; p.country = p.country?.uppercased(); return p },
            consignee: party("/consignee").map { var p = $0; p.country = p.country?.uppercased(); return p },
            transport: transport == Transport() ? nil : transport,
            invoiceCurrency: text("/invoiceCurrency")?.uppercased(), invoiceTotal: decimal("/invoiceTotal"),
            incoterms: incoterms == Incoterms() ? nil : incoterms, additions: additions == ValuationAdditions() ? nil : additions,
            dispatchCountry: text("/dispatchCountry")?.uppercased(), destinationCountry: text("/destinationCountry")?.uppercased(),
            items: items)
        return (content, problems)
    }
}
