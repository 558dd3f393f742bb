import Foundation
import KeruenCore
import KeruenStore

/// Risk analysts' work: profiles written, tried on recent declarations, approved by a second person,
/// retired; officers' control results; the effectiveness report; the selectivity settings. Every change
/// is audited and reaches registration at once on this node (``RiskReference/invalidate()``).
struct RiskWorkflow: Sendable {
    let dependencies: AppDependencies

    var store: Store { dependencies.store }

    /// What an analyst writes; the rest of a profile (version, status, author) the system sets.
    struct Draft: Sendable {
        var title: String
        var rationale: String
        var condition: RiskCondition
        var measure: RiskMeasure
        var priority: Int
        var offices: [String]
        var validFrom: CustomsDay
        var validTo: CustomsDay?
    }

    static func requireAnalyst(_ principal: Principal) throws {
        guard principal.hasAny(.riskAnalyst, .admin) else { throw APIProblem.forbidden }
    }

    /// Profiles are customs' own working material: analysts, supervisors and administrators read them.
    static func requireReader(_ principal: Principal) throws {
        guard principal.hasAny(.riskAnalyst, .supervisor, .admin) else { throw APIProblem.forbidden }
    }

    func list(principal: Principal) async throws -> [RiskProfile] {
        try Self.requireReader(principal)
        return try await store.read { try await $0.risk.latest() }
    }

    func versions(id: String, principal: Principal) async throws -> [RiskProfile] {
        try Self.requireReader(principal)
        let versions = try await store.read { try await $0.risk.versions(id: id) }
        guard !versions.isEmpty else { throw APIProblem.notFound }
        return versions
    }

    /// A new profile (`id` given) or a new version of an existing one: pending until approved.
    func save(id: String, draft: Draft, isNew: Bool, principal: Principal) async throws -> RiskProfile {
        try Self.requireAnalyst(principal)
        let now = dependencies.clock()
        let profile = try await store.write { session -> RiskProfile in
            let versions = try await session.risk.versions(id: id)
            if isNew, !versions.isEmpty { throw APIProblem(.conflict, "profile-exists", detail: "A risk profile \(id) exists; edit it instead.") }
            if !isNew, versions.isEmpty { throw APIProblem.notFound }
            if versions.first?.status == .retired { throw APIProblem.invalidState("Risk profile \(id) is retired.") }
            let profile = RiskProfile(id: id, version: (versions.first?.version ?? 0) + 1, title: String(draft.title.trimmingSpaces()),
                                      rationale: String(draft.rationale.trimmingSpaces()), condition: draft.condition, measure: draft.measure,
                                      priority: draft.priority, offices: draft.offices, validFrom: draft.validFrom, validTo: draft.validTo,
                                      status: .pending, author: principal.username, createdAt: now)
            let problems = RiskProfileValidator(catalog: dependencies.reference).problems(in: profile, conditions: try await currentConditions(in: session))
            if !problems.isEmpty { throw APIProblem.validation(problems) }
            try await session.risk.insert(profile)
            try record(isNew ? "risk-profile.create" : "risk-profile.edit", profile, by: principal.username, at: now, in: session)
            return profile
        }
        return profile
    }

    /// Four eyes: the version goes live only by someone other than its author; the version it replaces is superseded.
    func approve(id: String, version: Int, principal: Principal) async throws -> RiskProfile {
        guard principal.hasAny(.riskAnalyst, .supervisor) else { throw APIProblem.forbidden }
        let now = dependencies.clock()
        let approved = try await store.write { session -> RiskProfile in
            guard var profile = try await session.risk.find(id: id, version: version) else { throw APIProblem.notFound }
            guard profile.status == .pending else { throw APIProblem.invalidState("Version \(version) of \(id) is \(profile.status.rawValue), not pending.") }
            guard profile.author != principal.username else {
                throw APIProblem(.forbidden, "four-eyes", detail: "A profile is approved by someone other than its author.")
            }
            // The references must still resolve, now that others may have changed.
            let problems = RiskProfileValidator(catalog: dependencies.reference).problems(in: profile, conditions: try await currentConditions(in: session))
            if !problems.isEmpty { throw APIProblem.validation(problems) }
            for var earlier in try await session.risk.versions(id: id) where earlier.status == .active {
                earlier.status = .superseded
                _ = try await session.risk.update(earlier, expecting: .active)
            }
            profile.status = .active
            profile.approver = principal.username
            profile.decidedAt = now
            guard try await session.risk.update(profile, expecting: .pending) else { throw APIProblem.invalidState("Version \(version) of \(id) changed meanwhile.") }
            try record("risk-profile.approve", profile, by: principal.username, at: now, in: session)
            return profile
        }
        dependencies.riskReference.invalidate()
        return approved
    }

    /// Stops a profile: its active and pending versions are retired.
    func retire(id: String, principal: Principal) async throws -> RiskProfile {
        try Self.requireAnalyst(principal)
        let now = dependencies.clock()
        let retired = try await store.write { session -> RiskProfile in
            let versions = try await session.risk.versions(id: id)
            guard let latest = versions.first else { throw APIProblem.notFound }
            guard versions.contains(where: { $0.status == .active || $0.status == .pending }) else {
                throw APIProblem.invalidState("Risk profile \(id) is not in force.")
            }
            for var version in versions where version.status == .active || version.status == .pending {
                let was = version.status
                version.status = .retired
                version.decidedAt = now
                _ = try await session.risk.update(version, expecting: was)
            }
            var shown = latest
            shown.status = .retired
            try record("risk-profile.retire", shown, by: principal.username, at: now, in: session)
            return shown
        }
        dependencies.riskReference.invalidate()
        return retired
    }

    /// What the draft would have selected among the last `limit` registered declarations, before anyone approves it.
    func trial(id: String, draft: Draft, limit: Int, principal: Principal) async throws -> (tried: Int, selected: [(declaration: Declaration, channel: Channel?, hit: RiskHit)]) {
        try Self.requireAnalyst(principal)
        let now = dependencies.clock()
        let profile = RiskProfile(id: id, title: draft.title, rationale: draft.rationale, condition: draft.condition, measure: draft.measure,
                                  priority: draft.priority, offices: draft.offices, validFrom: draft.validFrom, validTo: draft.validTo,
                                  status: .active, author: principal.username, createdAt: now)
        let payments = try await dependencies.paymentReference.calculator(now: now)
        let risk = try await dependencies.riskReference.snapshot(now: now)
        let (recent, conditions, records) = try await store.read { session in
            let recent = try await session.declarations.recentlyRegistered(limit: min(max(limit, 1), 5000))
            var records: [String: ComplianceRecord] = [:]
            for bin in Set(recent.compactMap { $0.declaration.content.declarant?.identificationNumber }) {
                records[bin] = try await session.risk.compliance(bin: bin, countingRegistrationsUpTo: risk.settings.newTraderBelow)
            }
            return (recent, try await currentConditions(in: session), records)
        }
        let problems = RiskProfileValidator(catalog: dependencies.reference).problems(in: profile, conditions: conditions)
        if !problems.isEmpty { throw APIProblem.validation(problems) }
        var references = conditions
        references[id] = draft.condition
        let engine = RiskEngine(profiles: [profile], references: references)
        let selected = recent.compactMap { entry -> (Declaration, Channel?, RiskHit)? in
            let declaration = entry.declaration
            guard let registeredAt = declaration.registeredAt else { return nil }
            let day = CustomsDay(containing: registeredAt)
            let content = declaration.content
            var customsValues: [Tenge]?
            if content.kind == .import, case .assessed(let assessment) = payments.assess(content, on: day) { customsValues = assessment.customsValues }
            let compliance = content.declarant?.identificationNumber.flatMap { records[$0] } ?? ComplianceRecord()
            let input = risk.input(for: content, customsValues: customsValues, payments: payments, compliance: compliance, on: day).input
            return engine.evaluate(input, on: day).first.map { (declaration, entry.channel, $0) }
        }
        return (recent.count, selected)
    }

    /// Each profile's hits and what the controls of its declarations found, over `[start, end)`.
    func effectiveness(from start: Date, to end: Date, principal: Principal) async throws -> [ProfileEffectiveness] {
        try Self.requireReader(principal)
        let (rows, profiles) = try await store.read { session in
            (try await session.risk.effectiveness(from: start, to: end), try await session.risk.latest())
        }
        let titles = Dictionary(profiles.map { ($0.id, $0.title) }, uniquingKeysWith: { a, _ in a })
        return rows.map { row in
            ProfileEffectiveness(profileID: row.profileID, title: titles[row.profileID] ?? row.profileID, hits: row.hits, decisive: row.decisive,
                                 controls: row.controls, violations: row.violations, seizures: row.seizures, revenue: row.revenue)
        }
    }

    /// The selectivity result of a declaration: for customs only (a declarant gets 404, as for what does not exist).
    func result(declarationID: String, principal: Principal) async throws -> (result: RiskResult, control: ControlResult?) {
        guard principal.hasAny(.officer, .supervisor, .riskAnalyst, .admin) else { throw APIProblem.notFound }
        let found = try await store.read { session in
            _ = try await DeclarationWorkflow(dependencies: dependencies).visible(id: declarationID, principal: principal, in: session)
            return (try await session.risk.result(declarationID: declarationID), try await session.risk.control(declarationID: declarationID))
        }
        guard let result = found.0 else { throw APIProblem.notFound }
        return (result, found.1)
    }

    /// An officer's control result, once per declaration; it counts in the declarant's record and the profiles' effectiveness.
    func recordControl(declarationID: String, outcome: ControlResult.Outcome, violationKind: ControlResult.ViolationKind?,
                       additionalPayments: Tenge, note: String, principal: Principal) async throws -> ControlResult {
        try await dependencies.recordingRefusal("control.result", objectID: declarationID, principal: principal) {
            guard principal.hasAny(.officer, .supervisor) else { throw APIProblem.forbidden }
            var problems: [ValidationProblem] = []
            if outcome.foundViolation, violationKind == nil { problems.append(ValidationProblem("/violationKind", .required)) }
            if !outcome.foundViolation, violationKind != nil || additionalPayments > .zero {
                problems.append(ValidationProblem(violationKind != nil ? "/violationKind" : "/additionalPayments", expected: .permittedValue))
            }
            if additionalPayments < .zero { problems.append(ValidationProblem("/additionalPayments", .notPositive)) }
            if !problems.isEmpty { throw APIProblem.validation(problems) }
            let declaration = try await DeclarationWorkflow(dependencies: dependencies).get(id: declarationID, principal: principal)
            guard declaration.registrationNumber != nil else { throw APIProblem.invalidState("Only a registered declaration is controlled.") }
            let now = dependencies.clock()
            let control = ControlResult(declarationID: declarationID, outcome: outcome, violationKind: violationKind, additionalPayments: additionalPayments,
                                        note: String(note.trimmingSpaces()), officer: principal.username, recordedAt: now)
            try await store.write { session in
                try await ControlWorkflow(dependencies: dependencies).checkDuties(.recordControl, on: declaration, principal: principal, in: session)
                guard try await session.risk.insert(control, declarantBIN: declaration.content.declarant?.identificationNumber) else {
                    throw APIProblem(.conflict, "control-recorded", detail: "This declaration's control result is recorded already.")
                }
                session.record(AuditEntry(actor: principal.username, action: "control.result", objectType: "declaration", objectID: declarationID, at: now,
                                          stateDigest: "\(outcome.rawValue)|\(violationKind?.rawValue ?? "")|\(additionalPayments)"))
            }
            return control
        }
    }

    func settings(principal: Principal) async throws -> RiskSettings {
        try Self.requireReader(principal)
        return try await dependencies.riskReference.snapshot(now: dependencies.clock()).settings
    }

    func saveSettings(_ settings: RiskSettings, principal: Principal) async throws -> RiskSettings {
        try Self.requireAnalyst(principal)
        var problems: [ValidationProblem] = []
        if !(0...1).contains(settings.randomShare) { problems.append(ValidationProblem("/randomShare", .outOfRange, ["minimum": "0", "maximum": "1"])) }
        for (office, share) in settings.randomShareByOffice.sorted(by: { $0.key < $1.key }) {
            if dependencies.reference.office(office) == nil { problems.append(ValidationProblem("/randomShareByOffice/\(office)", .unknownOffice)) }
            if !(0...1).contains(share) { problems.append(ValidationProblem("/randomShareByOffice/\(office)", .outOfRange, ["minimum": "0", "maximum": "1"])) }
        }
        if settings.randomChannel == .green { problems.append(ValidationProblem("/randomChannel", expected: .permittedValue)) }
        if !(0...3).contains(settings.aeoSteps) { problems.append(ValidationProblem("/aeoSteps", .outOfRange, ["minimum": "0", "maximum": "3"])) }
        if settings.newTraderBelow < 0 { problems.append(ValidationProblem("/newTraderBelow", .notPositive)) }
        if !problems.isEmpty { throw APIProblem.validation(problems) }
        let now = dependencies.clock()
        try await store.write { session in
            try await session.risk.save(settings, at: now, by: principal.username)
            session.record(AuditEntry(actor: principal.username, action: "risk.settings", objectType: "risk-settings", objectID: "1", at: now,
                                      stateDigest: try StateDigest.of(settings)))
        }
        dependencies.riskReference.invalidate()
        return settings
    }

    /// The condition of the latest version in force or waiting of every profile: what references resolve to.
    private func currentConditions(in session: StoreSession) async throws -> [String: RiskCondition] {
        Dictionary(try await session.risk.latest().filter { $0.status != .retired }.map { ($0.id, $0.condition) }, uniquingKeysWith: { a, _ in a })
    }

    private func record(_ action: String, _ profile: RiskProfile, by actor: String, at now: Date, in session: StoreSession) throws {
        session.record(AuditEntry(actor: actor, action: action, objectType: "risk-profile", objectID: "\(profile.id)/v\(profile.version)", at: now,
                                  stateDigest: try StateDigest.of(profile)))
    }
}
