import Foundation
import SwiftASN1

/// X.509 and CMS times come as UTCTime or GeneralizedTime (RFC 5280 § 4.1.2.5); X509 keeps its own
/// reader of them internal, so this reads either with swift-asn1's types.
enum ASN1Time {
    static func date(_ node: ASN1Node) throws -> Date {
        let parts: (year: Int, month: Int, day: Int, hours: Int, minutes: Int, seconds: Int)
        switch node.identifier {
        case UTCTime.defaultIdentifier:
            let time = try UTCTime(berEncoded: node)
            parts = (time.year, time.month, time.day, time.hours, time.minutes, time.seconds)
        case GeneralizedTime.defaultIdentifier:
            let time = try GeneralizedTime(berEncoded: node)
            parts = (time.year, time.month, time.day, time.hours, time.minutes, time.seconds)
        default:
            throw ASN1Error.unexpectedFieldType(node.identifier)
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let components = DateComponents(year: parts.year, month: parts.month, day: parts.day,
                                        hour: parts.hours, minute: parts.minutes, second: parts.seconds)
        guard let date = calendar.date(from: components) else { throw ASN1Error.invalidASN1Object(reason: "not a date") }
        return date
    }
}
