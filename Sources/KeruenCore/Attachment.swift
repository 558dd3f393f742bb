import Foundation

/// A file attached to a declaration's control — a photo, a scan image, a document in PDF — stored once
/// under the SHA-256 of its bytes, so the same photo attached twice is one file and any copy can be
/// checked against what was recorded.
public struct Attachment: Codable, Sendable, Equatable {
    public var sha256: String
    public var mediaType: MediaType
    public var size: Int
    public var fileName: String
    public var uploadedBy: String
    public var uploadedAt: Date

    public init(sha256: String, mediaType: MediaType, size: Int, fileName: String, uploadedBy: String, uploadedAt: Date) {
        self.sha256 = sha256
        self.mediaType = mediaType
        self.size = size
        self.fileName = fileName
        self.uploadedBy = uploadedBy
        self.uploadedAt = uploadedAt
    }

    /// The kinds of file accepted: images and PDF, recognised by their first bytes, not by their name.
    public enum MediaType: String, Codable, Sendable, CaseIterable {
        case jpeg = "image/jpeg"
        case png = "image/png"
        case tiff = "image/tiff"
        case pdf = "application/pdf"

        private var signatures: [[UInt8]] {
            switch self {
            case .jpeg: [[0xFF, 0xD8, 0xFF]]
            case .png: [[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]]
            case .tiff: [[0x49, 0x49, 0x2A, 0x00], [0x4D, 0x4D, 0x00, 0x2A]]
            case .pdf: [Array("%PDF-".utf8)]
            }
        }

        /// What the bytes are; nil for anything that is not one of the accepted kinds.
        public static func of(_ bytes: some Collection<UInt8>) -> MediaType? {
            allCases.first { type in type.signatures.contains { bytes.starts(with: $0) } }
        }
    }
}
