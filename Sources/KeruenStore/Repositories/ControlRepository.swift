import Foundation
import KeruenCore
import SQLKit

/// Documentary and physical control: examinations, requests for documents, attached files, and the
/// companies officers are connected to.
public struct ControlRepository: Sendable {
    let sql: any SQLDatabase

    // MARK: Examinations

    public func insert(_ examination: Examination) async throws {
        try await sql.raw("""
            INSERT INTO examinations (id, declaration_id, type, scope, place, examiner, ordered_by, ordered_at, result)
            VALUES (\(bind: examination.id), \(bind: examination.declarationID), \(bind: examination.type.rawValue), \(bind: examination.scope),
                    \(bind: examination.place), \(bind: examination.examiner), \(bind: examination.orderedBy),
                    \(bind: examination.orderedAt.microsecondsSince1970), \(bind: try examination.result.map(StoredJSON.text)))
            """).run()
    }

    /// Records the result of an examination that has none yet; false if someone recorded one first.
    public func record(_ result: Examination.Result, examinationID: String) async throws -> Bool {
        try await sql.raw("""
            UPDATE examinations SET result = \(bind: try StoredJSON.text(result)) WHERE id = \(bind: examinationID) AND result IS NULL RETURNING id
            """).first() != nil
    }

    /// A declaration's examinations, oldest first.
    public func examinations(declarationID: String) async throws -> [Examination] {
        try await sql.raw("""
            SELECT id, declaration_id, type, scope, place, examiner, ordered_by, ordered_at, result FROM examinations
            WHERE declaration_id = \(bind: declarationID) ORDER BY ordered_at, id
            """).all().map { row in
            Examination(id: try row.decode(column: "id", as: String.self), declarationID: try row.decode(column: "declaration_id", as: String.self),
                        type: try row.decode(column: "type", parsing: ExaminationType.init(rawValue:)),
                        scope: try row.decode(column: "scope", as: String.self), place: try row.decode(column: "place", as: String.self),
                        examiner: try row.decode(column: "examiner", as: String.self), orderedBy: try row.decode(column: "ordered_by", as: String.self),
                        orderedAt: Date(microsecondsSince1970: try row.decode(column: "ordered_at", as: Int64.self)),
                        result: try row.decode(json: "result", as: Examination.Result?.self))
        }
    }

    // MARK: Requests for documents

    public func insert(_ request: DocumentRequest) async throws {
        try await sql.raw("""
            INSERT INTO document_requests (id, declaration_id, text, requested_by, requested_at, answer)
            VALUES (\(bind: request.id), \(bind: request.declarationID), \(bind: request.text), \(bind: request.requestedBy),
                    \(bind: request.requestedAt.microsecondsSince1970), \(bind: try request.answer.map(StoredJSON.text)))
            """).run()
    }

    /// Records the answer to a request that has none yet; false if it was answered first.
    public func answer(_ answer: DocumentRequest.Answer, requestID: String) async throws -> Bool {
        try await sql.raw("""
            UPDATE document_requests SET answer = \(bind: try StoredJSON.text(answer)) WHERE id = \(bind: requestID) AND answer IS NULL RETURNING id
            """).first() != nil
    }

    /// A declaration's requests for documents, oldest first.
    public func requests(declarationID: String) async throws -> [DocumentRequest] {
        try await requests(where: "declaration_id = \(bind: declarationID)")
    }

    private func requests(where condition: SQLQueryString) async throws -> [DocumentRequest] {
        try await sql.raw("SELECT id, declaration_id, text, requested_by, requested_at, answer FROM document_requests WHERE "
                          + condition + " ORDER BY requested_at, id").all().map { row in
            DocumentRequest(id: try row.decode(column: "id", as: String.self), declarationID: try row.decode(column: "declaration_id", as: String.self),
                            text: try row.decode(column: "text", as: String.self), requestedBy: try row.decode(column: "requested_by", as: String.self),
                            requestedAt: Date(microsecondsSince1970: try row.decode(column: "requested_at", as: Int64.self)),
                            answer: try row.decode(json: "answer", as: DocumentRequest.Answer?.self))
        }
    }

    /// The requests for documents of these declarations, by declaration.
    public func requests(declarationIDs: [String]) async throws -> [String: [DocumentRequest]] {
        guard !declarationIDs.isEmpty else { return [:] }
        var found: [String: [DocumentRequest]] = [:]
        for chunk in declarationIDs.chunked(into: 500) {
            for request in try await requests(where: "declaration_id IN (\(SQLList(chunk.map { SQLBind($0) })))") {
                found[request.declarationID, default: []].append(request)
            }
        }
        return found
    }

    /// The declarations of these offices registered in `[from, to)` and released, with their channel and
    /// when they were released, and their requests for documents (the declarant's waits).
    public func releases(officeCodes: [String], from: Date, to: Date)
        async throws -> (releases: [(id: String, officeCode: String, channel: Channel?, registeredAt: Date, releasedAt: Date)],
                         requests: [String: [DocumentRequest]]) {
        guard !officeCodes.isEmpty else { return ([], [:]) }
        let scope: SQLQueryString = """
            d.status = 'released' AND d.registered_at >= \(bind: from.microsecondsSince1970) AND d.registered_at < \(bind: to.microsecondsSince1970)
            AND d.office_code IN (\(SQLList(officeCodes.map { SQLBind($0) })))
            """
        let releases = try await sql.raw("""
            SELECT d.id, d.office_code, r.channel, d.registered_at,
                   (SELECT MIN(e.at) FROM declaration_events AS e WHERE e.declaration_id = d.id AND e.status = 'released') AS released_at
            FROM declarations AS d LEFT JOIN risk_results AS r ON r.declaration_id = d.id
            WHERE \(scope)
            """).all().map { row in
            (try row.decode(column: "id", as: String.self), try row.decode(column: "office_code", as: String.self),
             try row.decode(column: "channel", as: String?.self).flatMap(Channel.init(rawValue:)),
             Date(microsecondsSince1970: try row.decode(column: "registered_at", as: Int64.self)),
             Date(microsecondsSince1970: try row.decode(column: "released_at", as: Int64.self)))
        }
        let requests = Dictionary(grouping: try await requests(where: "declaration_id IN (SELECT d.id FROM declarations AS d WHERE \(scope))"),
                                  by: \.declarationID)
        return (releases, requests)
    }

    // MARK: Attachments

    /// Stores a file under its hash; the same bytes uploaded again are the file already kept.
    public func insert(_ attachment: Attachment, content: [UInt8]) async throws {
        try await sql.raw("""
            INSERT INTO attachments (sha256, media_type, size, file_name, content, uploaded_by, uploaded_at)
            VALUES (\(bind: attachment.sha256), \(bind: attachment.mediaType.rawValue), \(bind: attachment.size), \(bind: attachment.fileName),
                    \(bind: Data(content).base64EncodedString()), \(bind: attachment.uploadedBy), \(bind: attachment.uploadedAt.microsecondsSince1970))
            ON CONFLICT (sha256) DO NOTHING
            """).run()
    }

    /// The files kept under these hashes (those that exist).
    public func attachments(_ hashes: [String]) async throws -> [Attachment] {
        guard !hashes.isEmpty else { return [] }
        return try await sql.raw("""
            SELECT sha256, media_type, size, file_name, uploaded_by, uploaded_at FROM attachments
            WHERE sha256 IN (\(SQLList(hashes.map { SQLBind($0) })))
            """).all().map { row in
            Attachment(sha256: try row.decode(column: "sha256", as: String.self),
                       mediaType: try row.decode(column: "media_type", parsing: Attachment.MediaType.init(rawValue:)),
                       size: try row.decode(column: "size", as: Int.self), fileName: try row.decode(column: "file_name", as: String.self),
                       uploadedBy: try row.decode(column: "uploaded_by", as: String.self),
                       uploadedAt: Date(microsecondsSince1970: try row.decode(column: "uploaded_at", as: Int64.self)))
        }
    }

    /// A file's bytes and type.
    public func content(sha256: String) async throws -> (mediaType: Attachment.MediaType, bytes: [UInt8])? {
        guard let row = try await sql.raw("SELECT media_type, content FROM attachments WHERE sha256 = \(bind: sha256)").first() else { return nil }
        guard let bytes = Data(base64Encoded: try row.decode(column: "content", as: String.self)) else {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "attachment \(sha256): content is not base64"))
        }
        return (try row.decode(column: "media_type", parsing: Attachment.MediaType.init(rawValue:)), Array(bytes))
    }

    // MARK: Connections

    /// Registers that an officer is connected to a company; false if registered already.
    public func connect(username: String, companyBIN: String, note: String, by actor: String, at now: Date) async throws -> Bool {
        try await sql.raw("""
            INSERT INTO officer_connections (username, company_bin, note, created_by, created_at)
            VALUES (\(bind: username), \(bind: companyBIN), \(bind: note), \(bind: actor), \(bind: now.microsecondsSince1970))
            ON CONFLICT (username, company_bin) DO NOTHING RETURNING username
            """).first() != nil
    }

    /// The BINs of the companies an officer is connected to.
    public func connectedBINs(username: String) async throws -> Set<String> {
        Set(try await sql.raw("SELECT company_bin FROM officer_connections WHERE username = \(bind: username)").all()
            .map { try $0.decode(column: "company_bin", as: String.self) })
    }
}
