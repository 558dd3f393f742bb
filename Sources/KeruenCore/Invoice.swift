import Foundation

/// The single invoice of a registered declaration: every payment line and the total, paid once.
/// Its reference is what a bank transfer quotes to be matched to it.
public struct Invoice: Sendable, Equatable {
    public let id: String
    public let declarationID: String
    public let reference: String
    public let declarantBIN: String?
    /// The registration day, whose rates the amounts were computed at.
    public let day: CustomsDay
    public var customsValue: Tenge
    public var lines: [PaymentLine]
    public var paid: Tenge
    /// What a guarantee secures of what is due (released when it is paid).
    public var secured: Tenge
    /// 1 at registration; each correction of the declaration revises the lines.
    public var revision: Int
    public let createdAt: Date

    public init(id: String, declarationID: String, reference: String, declarantBIN: String?, day: CustomsDay, customsValue: Tenge,
                lines: [PaymentLine], paid: Tenge = .zero, secured: Tenge = .zero, revision: Int = 1, createdAt: Date) {
        self.id = id
        self.declarationID = declarationID
        self.reference = reference
        self.declarantBIN = declarantBIN
        self.day = day
        self.customsValue = customsValue
        self.lines = lines
        self.paid = paid
        self.secured = secured
        self.revision = revision
        self.createdAt = createdAt
    }

    /// The invoice of an assessment for the declaration registered under `number`.
    public init(id: String, declarationID: String, number: RegistrationNumber, declarantBIN: String?, assessment: PaymentAssessment, at now: Date) {
        self.init(id: id, declarationID: declarationID, reference: Self.reference(for: number), declarantBIN: declarantBIN, day: assessment.day,
                  customsValue: assessment.customsValue, lines: assessment.lines, createdAt: now)
    }

    public var total: Tenge { lines.reduce(.zero) { $0 + $1.amount } }
    public var due: Tenge { total - paid }
    public var isPaid: Bool { paid >= total }

    /// Paid, secured by a guarantee, or neither: the clearance workflow releases goods only in the
    /// first two (``mayRelease``).
    public enum Settlement: String, Sendable, Codable {
        case unpaid, secured, paid
    }

    public var settlement: Settlement { isPaid ? .paid : paid + secured >= total ? .secured : .unpaid }
    public var mayRelease: Bool { settlement != .unpaid }

    /// "KRN" and the registration number's digits: short enough for a bank transfer's purpose field.
    public static func reference(for number: RegistrationNumber) -> String {
        "KRN" + number.description.filter(\.isASCIIDigit)
    }
}
