import Foundation
import KeruenCore
import KeruenTestSupport
import Testing

@Suite struct DeclarationValidatorTests {
    let validator = DeclarationValidator(reference: sharedReference)

    static func valid() -> DeclarationContent {
        DeclarationContent(
            kind: .import, procedure: "40", officeCode: "55201010",
            declarant: Party(identificationNumber: "050140001238", name: "Altyn Trade LLP", country: "KZ"),
            consignor: Party(name: "Silk Road Co.", country: "CN"),
            consignee: Party(identificationNumber: "050140001238", name: "Altyn Trade LLP", country: "KZ"),
            transport: Transport(mode: "30", identification: "777ABC02", nationality: "KZ"),
            invoiceCurrency: "USD", invoiceTotal: Decimal(string: "1500.50")!, incoterms: Incoterms(code: "FCA", place: "Khorgos"),
            dispatchCountry: "CN", destinationCountry: "KZ",
            items: [
                GoodsItem(commodityCode: "8471300000", description: "Laptops", originCountry: "CN", grossMass: 12, netMass: 10,
                          invoiceValue: Decimal(string: "1000.25")!, valuationMethod: 1),
                GoodsItem(commodityCode: "6403990000", description: "Shoes", originCountry: "VN", grossMass: 5, netMass: 4,
                          invoiceValue: Decimal(string: "500.25")!, valuationMethod: 1),
            ])
    }

    @Test func aCompleteConsistentDeclarationHasNoProblems() {
        #expect(validator.problems(in: Self.valid()) == [])
    }

    @Test func reportsEveryProblemAtOnceWithPointers() {
        var content = Self.valid()
        content.procedure = "10"                               // export procedure on an import
        content.declarant?.identificationNumber = "050140001239" // bad check digit
        content.items[0].commodityCode = "9999990000"           // not a subheading
        content.items[1].netMass = 6                            // net above gross
        content.items[1].originCountry = "XX"
        content.invoiceCurrency = "ABC"
        let problems = validator.problems(in: content)
        let found = Dictionary(problems.map { ($0.pointer, $0.code) }, uniquingKeysWith: { first, _ in first })
        #expect(found["/procedure"] == .procedureNotAllowed)
        #expect(found["/declarant/identificationNumber"] == .invalidCheckDigit)
        #expect(found["/items/0/commodityCode"] == .unknownCommodity)
        #expect(found["/items/1/netMass"] == .netExceedsGross)
        #expect(found["/items/1/originCountry"] == .unknownCountry)
        #expect(found["/invoiceCurrency"] == .unknownCurrency)
    }

    @Test func theInvoiceTotalMustEqualTheSumOfTheItemsExactly() {
        var content = Self.valid()
        content.invoiceTotal = Decimal(string: "1500.51")!
        #expect(validator.problems(in: content).map(\.code) == [.totalsMismatch])
    }

    @Test func anEmptyDraftListsWhatIsRequired() {
        let pointers = Set(validator.problems(in: DeclarationContent()).filter { $0.code == .required }.map(\.pointer))
        #expect(pointers.isSuperset(of: ["/kind", "/procedure", "/officeCode", "/declarant", "/items", "/invoiceCurrency"]))
    }

    @Test func officesAboveThePostLevelDoNotAcceptDeclarations() {
        var content = Self.valid()
        content.officeCode = "55201000"
        #expect(validator.problems(in: content).map(\.code) == [.officeNotPost])
        content.officeCode = "12345678"
        #expect(validator.problems(in: content).map(\.code) == [.unknownOffice])
    }

    @Test func limitsCatchOverLongTextAndTooManyItems() {
        var content = Self.valid()
        content.items[0].description = String(repeating: "x", count: DeclarationValidator.Limit.description + 1)
        content.items += Array(repeating: content.items[1], count: 998)
        let limits = validator.limitProblems(in: content)
        #expect(limits.contains(ValidationProblem("/items/0/description", .tooLong, ["maximum": "1000"])))
        #expect(limits.contains { $0.pointer == "/items" && $0.code == .tooMany })
    }
}
