import KeruenCore
import Testing

@Suite struct DeclarationScopeTests {
    @Test func tradersSeeTheirCompanysDeclarationsAsDeclarantOrRepresentative() {
        let trader = Principal(userID: "u", username: "t", roles: [.declarant], companyBIN: "050140001238")
        let scope = DeclarationScope.of(trader) { [$0] }
        #expect(scope.allows(declarantBIN: "050140001238", representativeBIN: nil, officeCode: "55201010", status: .draft))
        #expect(!scope.allows(declarantBIN: "070340007892", representativeBIN: nil, officeCode: "55201010", status: .registered))
        #expect(scope.allows(declarantBIN: "070340007892", representativeBIN: "050140001238", officeCode: "55201010", status: .registered))
    }

    @Test func officersSeeSubmittedDeclarationsOfTheirOfficesButNoDrafts() {
        let officer = Principal(userID: "u", username: "o", roles: [.officer], officeCode: "55201000")
        let scope = DeclarationScope.of(officer) { _ in ["55201000", "55201010", "55201020"] }
        #expect(scope.allows(declarantBIN: "x", representativeBIN: nil, officeCode: "55201010", status: .registered))
        #expect(!scope.allows(declarantBIN: "x", representativeBIN: nil, officeCode: "55201010", status: .draft))
        #expect(!scope.allows(declarantBIN: "x", representativeBIN: nil, officeCode: "55202010", status: .registered))
    }

    @Test func brokersFileOnlyForRepresentedDeclarants() {
        let broker = Principal(userID: "u", username: "b", roles: [.broker], companyBIN: "060240004565", representedBINs: ["070340007892"])
        var represented = DeclarationContent(declarant: Party(identificationNumber: "070340007892"))
        #expect(FilingRights(principal: broker).apply(to: &represented) == [])
        #expect(represented.representative?.identificationNumber == "060240004565")
        var stranger = DeclarationContent(declarant: Party(identificationNumber: "080440003210"))
        #expect(FilingRights(principal: broker).apply(to: &stranger).map(\.code) == [.notRepresented])
    }
}
