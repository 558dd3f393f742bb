import Foundation
import KeruenCore
import Testing

@Suite struct TimeOrderedIDTests {
    @Test func idsAreVersion7UUIDsThatSortByCreationTime() {
        let earlier = TimeOrderedID.make(at: Date(timeIntervalSince1970: 1_800_000_000))
        let later = TimeOrderedID.make(at: Date(timeIntervalSince1970: 1_800_000_000.002))
        #expect(TimeOrderedID.isValid(earlier))
        #expect(Array(earlier)[14] == "7")
        #expect(earlier < later)
        #expect(Hex.encode([0x00, 0x0f, 0xa5, 0xff]) == "000fa5ff")
    }
}
