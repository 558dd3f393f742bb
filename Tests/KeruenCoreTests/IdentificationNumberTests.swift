import KeruenCore
import Testing

@Suite struct IdentificationNumberTests {
    @Test func acceptsNumbersWhoseCheckDigitMatches() {
        #expect(IdentificationNumber.isValid("050140001238"))
        #expect(IdentificationNumber.isValid("850615300456"))
    }

    @Test func refusesAWrongCheckDigitAWrongLengthAndLetters() {
        #expect(!IdentificationNumber.isValid("050140001239"))
        #expect(!IdentificationNumber.isValid("05014000123"))
        #expect(!IdentificationNumber.isValid("0501400012381"))
        #expect(!IdentificationNumber.isValid("05014000123A"))
    }

    @Test func usesTheSecondWeightsWhenTheFirstSumGivesTen() {
        // 00000000001x: first weights give 11 mod 11 = 0, so check 0. 00000000010x: 10 → second weights: 1*1 = 1.
        #expect(IdentificationNumber.isValid("000000000011") == false)
        #expect(IdentificationNumber.completing("00000000010")?.digits == "000000000101")
        #expect(IdentificationNumber.isValid("000000000101"))
    }

    @Test func completesPrefixesForDemoData() throws {
        let number = try #require(IdentificationNumber.completing("06024000456"))
        #expect(number.digits == "060240004565")
    }
}
