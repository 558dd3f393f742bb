/// What the officer checks when a profile selects a declaration.
public enum ExaminationType: String, Codable, Sendable, CaseIterable {
    case documents
    case scan
    case fullExamination = "full-examination"
    case sampling
}
