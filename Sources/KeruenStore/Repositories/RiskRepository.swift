import Foundation
import KeruenCore
import SQLKit

/// Risk profiles with every version, selectivity results, control results and declarants' records.
public struct RiskRepository: Sendable {
    let sql: any SQLDatabase

    // MARK: Profiles

    public func insert(_ profile: RiskProfile) async throws {
        try await sql.raw("""
            INSERT INTO risk_profiles (id, version, status, author, profile, created_at)
            VALUES (\(bind: profile.id), \(bind: profile.version), \(bind: profile.status.rawValue), \(bind: profile.author),
                    \(bind: try StoredJSON.text(profile)), \(bind: profile.createdAt.microsecondsSince1970))
            """).run()
    }

    /// Saves a version's new status (approval, retirement) if it still has `expected`; false if someone changed it first.
    public func update(_ profile: RiskProfile, expecting expected: RiskProfile.Status) async throws -> Bool {
        try await sql.raw("""
            UPDATE risk_profiles SET status = \(bind: profile.status.rawValue), profile = \(bind: try StoredJSON.text(profile))
            WHERE id = \(bind: profile.id) AND version = \(bind: profile.version) AND status = \(bind: expected.rawValue) RETURNING id
            """).first() != nil
    }

    public func versions(id: String) async throws -> [RiskProfile] {
        try await profiles("id = \(bind: id) ORDER BY version DESC")
    }

    public func find(id: String, version: Int) async throws -> RiskProfile? {
        try await profiles("id = \(bind: id) AND version = \(bind: version)").first
    }

    public func active() async throws -> [RiskProfile] {
        try await profiles("status = 'active' ORDER BY id")
    }

    /// The latest version of every profile, for the analysts' list.
    public func latest() async throws -> [RiskProfile] {
        try await profiles("version = (SELECT MAX(version) FROM risk_profiles AS later WHERE later.id = risk_profiles.id) ORDER BY id")
    }

    public func count(status: RiskProfile.Status) async throws -> Int {
        try await sql.raw("SELECT COUNT(*) AS n FROM risk_profiles WHERE status = \(bind: status.rawValue)").first()?.decode(column: "n", as: Int.self) ?? 0
    }

    private func profiles(_ condition: SQLQueryString) async throws -> [RiskProfile] {
        try await sql.raw("SELECT profile FROM risk_profiles WHERE " + condition).all().map { row in
            try row.decode(json: "profile", as: RiskProfile.self)
        }
    }

    // MARK: Results

    /// The selectivity result of a registration, stored as its canonical JSON, and each profile that fired
    /// (for its effectiveness); answers the digest of what was stored, for the audit record.
    ///
    /// Why canonical JSON: the same bytes serve the row and the digest, encoded once (with thousands of
    /// profiles a result carries a dozen hits with their evidence, and encoding it twice cost 8 % of the
    /// server's time per registration).
    public func insert(_ result: RiskResult, declarationID: String, officeCode: String?, declarantBIN: String?, at now: Date) async throws -> String {
        let stored = try CanonicalJSON.encoded(result)
        try await sql.raw("""
            INSERT INTO risk_results (declaration_id, channel, random, office_code, declarant_bin, result, assessed_at)
            VALUES (\(bind: declarationID), \(bind: result.channel.rawValue), \(bind: result.random ? 1 : 0), \(bind: officeCode),
                    \(bind: declarantBIN), \(bind: String(decoding: stored, as: UTF8.self)), \(bind: now.microsecondsSince1970))
            """).run()
        if !result.hits.isEmpty {
            // One statement for every hit (a dozen with thousands of profiles in force), not one each.
            let rows = result.hits.enumerated().map { index, hit in
                // Hits come strictest first: the first decided the channel.
                SQLQueryString("""
                    (\(bind: declarationID), \(bind: hit.profileID), \(bind: hit.version), \(bind: hit.measure.channel.rawValue), \(literal: index == 0 ? 1 : 0), \(bind: now.microsecondsSince1970))
                    """)
            }
            try await sql.raw("""
                INSERT INTO risk_hits (declaration_id, profile_id, profile_version, channel, decisive, assessed_at) VALUES \(rows.joined(separator: ", "))
                """).run()
        }
        return StateDigest.of(canonical: stored)
    }

    public func channel(declarationID: String) async throws -> Channel? {
        try await sql.raw("SELECT channel FROM risk_results WHERE declaration_id = \(bind: declarationID)").first()
            .map { try $0.decode(column: "channel", parsing: Channel.init(rawValue:)) }
    }

    /// The stored result with the profile versions that fired on it (their titles and measures are not stored with it).
    public func result(declarationID: String) async throws -> RiskResult? {
        guard let row = try await sql.raw("SELECT result FROM risk_results WHERE declaration_id = \(bind: declarationID)").first() else { return nil }
        let decoder = JSONDecoder()
        decoder.userInfo[RiskHit.profilesKey] = try await profiles("""
            (id, version) IN (SELECT profile_id, profile_version FROM risk_hits WHERE declaration_id = \(bind: declarationID))
            """)
        return try decoder.decode(RiskResult.self, from: Data(try row.decode(column: "result", as: String.self).utf8))
    }

    // MARK: Declarants' records

    /// The declarant's record and AEO status as they stand before this registration. Registrations are
    /// counted from the declarations themselves, and only up to `limit` (the new-trader threshold: no
    /// more is needed), so that registering writes no counter.
    public func compliance(bin: String, countingRegistrationsUpTo limit: Int) async throws -> ComplianceRecord {
        let row = try await sql.raw("""
            SELECT c.aeo_status, r.controls, r.violations,
                   (SELECT COUNT(*) FROM (SELECT 1 FROM declarations WHERE declarant_bin = \(bind: bin) AND registered_at IS NOT NULL
                                          LIMIT \(bind: max(limit, 0))) AS d) AS registered
            FROM companies AS c LEFT JOIN compliance_records AS r ON r.bin = c.bin WHERE c.bin = \(bind: bin)
            """).first()
        guard let row else { return ComplianceRecord() }
        return ComplianceRecord(registered: try row.decode(column: "registered", as: Int.self),
                                controls: try row.decode(column: "controls", as: Int?.self) ?? 0,
                                violations: try row.decode(column: "violations", as: Int?.self) ?? 0,
                                aeo: try row.decode(column: "aeo_status", parsing: AEOStatus.init(rawValue:)))
    }

    /// Records a control's result once (false if the declaration has one already) and counts it in the declarant's record.
    public func insert(_ control: ControlResult, declarantBIN: String?) async throws -> Bool {
        guard try await sql.raw("""
            INSERT INTO control_results (declaration_id, outcome, violation_kind, additional_tiyn, note, officer, recorded_at)
            VALUES (\(bind: control.declarationID), \(bind: control.outcome.rawValue), \(bind: control.violationKind?.rawValue),
                    \(bind: control.additionalPayments.tiyn), \(bind: control.note), \(bind: control.officer), \(bind: control.recordedAt.microsecondsSince1970))
            ON CONFLICT (declaration_id) DO NOTHING RETURNING declaration_id
            """).first() != nil else { return false }
        if let declarantBIN {
            let violation = control.outcome.foundViolation ? 1 : 0
            try await sql.raw("""
                INSERT INTO compliance_records (bin, controls, violations) VALUES (\(bind: declarantBIN), 1, \(bind: violation))
                ON CONFLICT (bin) DO UPDATE SET controls = compliance_records.controls + 1, violations = compliance_records.violations + \(bind: violation)
                """).run()
        }
        return true
    }

    public func control(declarationID: String) async throws -> ControlResult? {
        try await sql.raw("""
            SELECT declaration_id, outcome, violation_kind, additional_tiyn, note, officer, recorded_at FROM control_results
            WHERE declaration_id = \(bind: declarationID)
            """).first().map { row in
            ControlResult(declarationID: try row.decode(column: "declaration_id", as: String.self),
                          outcome: try row.decode(column: "outcome", parsing: ControlResult.Outcome.init(rawValue:)),
                          violationKind: try row.decode(column: "violation_kind", as: String?.self).flatMap(ControlResult.ViolationKind.init(rawValue:)),
                          additionalPayments: Tenge(tiyn: try row.decode(column: "additional_tiyn", as: Int64.self)),
                          note: try row.decode(column: "note", as: String.self), officer: try row.decode(column: "officer", as: String.self),
                          recordedAt: Date(microsecondsSince1970: try row.decode(column: "recorded_at", as: Int64.self)))
        }
    }

    // MARK: Effectiveness

    /// Per profile that fired between the two instants: hits, decisive hits, and what the controls of those declarations found.
    public func effectiveness(from start: Date, to end: Date) async throws -> [(profileID: String, hits: Int, decisive: Int, controls: Int,
                                                                              violations: Int, seizures: Int, revenue: Tenge)] {
        try await sql.raw("""
            SELECT h.profile_id, COUNT(*) AS hits, SUM(h.decisive) AS decisive, COUNT(c.declaration_id) AS controls,
                   SUM(CASE WHEN c.outcome = 'violation' THEN 1 ELSE 0 END) AS violations,
                   SUM(CASE WHEN c.outcome = 'seizure' THEN 1 ELSE 0 END) AS seizures,
                   CAST(SUM(COALESCE(c.additional_tiyn, 0)) AS BIGINT) AS revenue
            FROM risk_hits AS h LEFT JOIN control_results AS c ON c.declaration_id = h.declaration_id
            WHERE h.assessed_at >= \(bind: start.microsecondsSince1970) AND h.assessed_at < \(bind: end.microsecondsSince1970)
            GROUP BY h.profile_id ORDER BY h.profile_id
            """).all().map { row in
            (try row.decode(column: "profile_id", as: String.self), try row.decode(column: "hits", as: Int.self),
             try row.decode(column: "decisive", as: Int?.self) ?? 0, try row.decode(column: "controls", as: Int.self),
             try row.decode(column: "violations", as: Int?.self) ?? 0, try row.decode(column: "seizures", as: Int?.self) ?? 0,
             Tenge(tiyn: try row.decode(column: "revenue", as: Int64?.self) ?? 0))
        }
    }

    // MARK: Learned model

    /// Every controlled declaration's features at registration and whether its control found a violation, oldest first.
    /// What training reads of a stored result.
    private struct Features: Decodable { var features: [Double]? }

    public func trainingSamples() async throws -> [RiskModelTrainer.Sample] {
        try await sql.raw("""
            SELECT r.result, c.outcome FROM risk_results AS r JOIN control_results AS c ON c.declaration_id = r.declaration_id
            ORDER BY r.assessed_at, r.declaration_id
            """).all().compactMap { row in
            let result = try row.decode(json: "result", as: Features.self)
            guard let vector = result.features, vector.count == RiskFeatures.names.count else { return nil }
            let outcome = try row.decode(column: "outcome", parsing: ControlResult.Outcome.init(rawValue:))
            return RiskModelTrainer.Sample(vector: vector, violation: outcome.foundViolation)
        }
    }

    public func insert(_ model: RiskModel, report: RiskModelTrainer.Report, id: String, at now: Date, by actor: String) async throws {
        try await sql.raw("""
            INSERT INTO risk_models (id, created_at, created_by, model, report)
            VALUES (\(bind: id), \(bind: now.microsecondsSince1970), \(bind: actor), \(bind: try StoredJSON.text(model)), \(bind: try StoredJSON.text(report)))
            """).run()
    }

    public func latestModel() async throws -> RiskModel? {
        guard let row = try await sql.raw("SELECT model FROM risk_models ORDER BY created_at DESC, id DESC LIMIT 1").first() else { return nil }
        return try row.decode(json: "model", as: RiskModel.self)
    }

    // MARK: Settings

    public func settings() async throws -> RiskSettings? {
        guard let row = try await sql.raw("SELECT settings FROM risk_settings WHERE id = 1").first() else { return nil }
        return try row.decode(json: "settings", as: RiskSettings.self)
    }

    public func save(_ settings: RiskSettings, at now: Date, by actor: String) async throws {
        try await sql.raw("""
            INSERT INTO risk_settings (id, settings, updated_at, updated_by) VALUES (1, \(bind: try StoredJSON.text(settings)), \(bind: now.microsecondsSince1970), \(bind: actor))
            ON CONFLICT (id) DO UPDATE SET settings = excluded.settings, updated_at = excluded.updated_at, updated_by = excluded.updated_by
            """).run()
    }
}
