import KeruenCore
import KeruenReference
import KeruenTestSupport
import Testing

@Suite struct ReferenceDataTests {
    let reference = sharedReference

    /// The source counts 97 chapters, 1,229 headings and 5,613 subheadings including the UN's
    /// "commodities not specified" (99, 9999, 999999), which are not goods and are left out.
    @Test func bundlesTheWholeHS2022() {
        #expect(reference.hs.values.filter { $0.level == 2 }.count == 96)
        #expect(reference.hs.values.filter { $0.level == 4 }.count == 1228)
        #expect(reference.hs.values.filter { $0.level == 6 }.count == 5612)
        #expect(reference.hs["999999"] == nil)
    }

    @Test func aTenDigitCodeHasChapterHeadingAndSubheadingAncestry() {
        let ancestry = reference.hsAncestry(of: "8471300000")
        #expect(ancestry.map(\.code) == ["84", "8471", "847130"])
        #expect(ancestry.last?.description.lowercased().contains("portable") == true)
    }

    @Test func searchFindsEntriesContainingEveryWord() {
        let results = reference.searchHS("footwear leather uppers")
        #expect(!results.isEmpty)
        #expect(results.allSatisfy { $0.description.lowercased().contains("footwear") && $0.description.lowercased().contains("leather") })
    }

    @Test func countriesCurrenciesAndOffices() {
        #expect(reference.countries["KZ"]?.alpha3 == "KAZ")
        #expect(reference.countries["CN"]?.names.text(in: .ru) == "Китай")
        #expect(reference.currencies["KZT"]?.minorUnit == 2)
        #expect(reference.office("55201010")?.names.text(in: .kk) == "«Нұр Жолы» өткізу пункті")
        #expect(reference.officeSubtree(of: "55201000") == ["55201000", "55201010", "55201020"])
    }
}
