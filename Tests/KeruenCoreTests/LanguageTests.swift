import Foundation
import KeruenCore
import Testing

@Suite struct LanguageTests {
    @Test func picksTheBestSupportedLanguageByQuality() {
        #expect(Language.preferred(acceptLanguage: "kk-KZ,kk;q=0.9,ru;q=0.8") == .kk)
        #expect(Language.preferred(acceptLanguage: "de-DE, ru;q=0.7, en;q=0.9") == .en)
        #expect(Language.preferred(acceptLanguage: "fr") == nil)
        #expect(Language.preferred(acceptLanguage: "ru;q=0, en;q=0.1") == .en)
    }

    @Test func signInDelaysGrowAfterThreeFailures() {
        #expect(SignInThrottle.delay(afterFailures: 2) == .zero)
        #expect(SignInThrottle.delay(afterFailures: 3) == .seconds(1))
        #expect(SignInThrottle.delay(afterFailures: 6) == .seconds(8))
        #expect(SignInThrottle.delay(afterFailures: 40) == .seconds(300))
        let failedAt = Date(timeIntervalSince1970: 1000)
        #expect(SignInThrottle.retryAfter(failures: 4, lastFailure: failedAt, now: failedAt.addingTimeInterval(1)) != nil)
        #expect(SignInThrottle.retryAfter(failures: 4, lastFailure: failedAt, now: failedAt.addingTimeInterval(3)) == nil)
    }
}
