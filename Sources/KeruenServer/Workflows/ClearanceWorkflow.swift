import Foundation
import KeruenCore
import KeruenStore

/// The clearance of declarations in control: officers' shifts at their posts, and who works on which
/// declaration. The system draws the officer at registration (``DeclarationWorkflow/assignee(for:content:in:)``);
/// only a supervisor moves a declaration to another officer, with a reason, and every move is audited.
struct ClearanceWorkflow: Sendable {
    let dependencies: AppDependencies
    var store: Store { dependencies.store }

    /// The longest shift a supervisor may set.
    static let longestShift: TimeInterval = 24 * 3600

    /// Puts an officer of the supervisor's office (or a post under it) on shift at the officer's post.
    func addShift(officer username: String, startsAt: Date, endsAt: Date, principal: Principal) async throws -> OfficerShift {
        guard principal.roles.contains(.supervisor), let ownOffice = principal.officeCode else { throw APIProblem.forbidden }
        var problems: [ValidationProblem] = []
        if endsAt <= startsAt || endsAt.timeIntervalSince(startsAt) > Self.longestShift {
            problems.append(ValidationProblem("/endsAt", .outOfRange, ["minimum": "startsAt", "maximum": "startsAt + 24 h"]))
        }
        let officer = try await store.read { try await $0.users.find(username: username) }
        guard let officer, officer.roles.contains(.officer), let post = officer.officeCode,
              dependencies.reference.officeSubtree(of: ownOffice).contains(post) else {
            throw APIProblem.validation(problems + [ValidationProblem("/officer", .unknownCode)])
        }
        if !problems.isEmpty { throw APIProblem.validation(problems) }
        let now = dependencies.clock()
        let shift = OfficerShift(id: TimeOrderedID.make(), officer: officer.username, officeCode: post, startsAt: startsAt, endsAt: endsAt,
                                 createdBy: principal.username)
        try await store.write { session in
            try await session.assignments.insert(shift, at: now)
            session.record(AuditEntry(actor: principal.username, action: "shift.create", objectType: "shift", objectID: shift.id, at: now,
                                      stateDigest: "\(shift.officer)|\(post)|\(startsAt.microsecondsSince1970)|\(endsAt.microsecondsSince1970)"))
        }
        return shift
    }

    /// Who a declaration the principal may see is assigned to (not found for traders: it is customs' business).
    func assignment(declarationID: String, principal: Principal) async throws -> Assignment {
        guard principal.hasAny(.officer, .supervisor) else { throw APIProblem.notFound }
        let assignment = try await store.read { session in
            _ = try await DeclarationWorkflow(dependencies: dependencies).visible(id: declarationID, principal: principal, in: session)
            return try await session.assignments.find(declarationID: declarationID)
        }
        guard let assignment else { throw APIProblem.notFound }
        return assignment
    }

    /// A supervisor's move of a registered declaration to another officer of its post, with the reason.
    func reassign(declarationID: String, to username: String, reason: String, principal: Principal) async throws -> Assignment {
        let (declaration, officer) = try await store.read { session in
            (try await DeclarationWorkflow(dependencies: dependencies).visible(id: declarationID, principal: principal, in: session).declaration,
             try await session.users.find(username: username))
        }
        guard principal.roles.contains(.supervisor) else { throw APIProblem.forbidden }
        let reason = String(reason.trimmingSpaces())
        var problems: [ValidationProblem] = []
        if reason.isEmpty { problems.append(ValidationProblem("/reason", .required)) }
        if officer?.isOfficer(of: declaration.content.officeCode) != true {
            problems.append(ValidationProblem("/officer", .unknownCode))
        }
        if !problems.isEmpty { throw APIProblem.validation(problems) }
        guard declaration.status == .registered else {
            throw APIProblem.invalidState("Only a registered declaration is assigned; this one is \(declaration.status.rawValue).")
        }
        let now = dependencies.clock()
        let assignment = Assignment(declarationID: declarationID, officer: username, assignedAt: now, assignedBy: principal.username, reason: reason)
        try await store.write { session in
            let current = try await session.assignments.find(declarationID: declarationID)
            let moved = if let current { try await session.assignments.reassign(assignment, from: current.officer) } else { try await session.assignments.insert(assignment) }
            guard moved else { throw APIProblem(.conflict, "assignment-changed", detail: "Someone assigned this declaration meanwhile; look again.") }
            session.record(AuditEntry(actor: principal.username, action: "declaration.reassign", objectType: "declaration", objectID: declarationID,
                                      at: now, stateDigest: "\(current?.officer ?? "")→\(username)|\(reason)"))
        }
        return assignment
    }

    /// A post's (for a supervisor: his office's) declarations waiting for a decision, each with its clock
    /// against the limit, the most urgent first; and the officers on shift with their open work.
    struct Board: Sendable {
        var entries: [(entry: AssignmentRepository.QueueEntry, elapsed: TimeInterval, standing: ClearanceTime.Standing)]
        var officers: [(officer: String, officeCode: String, until: Date, open: Int)]
    }

    /// The longest queue the board shows: the oldest declarations in control, which are the most urgent
    /// (a wait for the declarant aside). A post with more has a backlog the board says it cannot show whole.
    static let boardLimit = 200

    func board(principal: Principal) async throws -> Board {
        guard principal.hasAny(.officer, .supervisor), let office = principal.officeCode else { throw APIProblem.forbidden }
        let offices = principal.has(.supervisor) ? dependencies.reference.officeSubtree(of: office).sorted() : [office]
        let now = dependencies.clock()
        let (queue, requests, officers) = try await store.read { session in
            let queue = try await session.assignments.queue(officeCodes: offices, limit: Self.boardLimit)
            return (queue, try await session.control.requests(declarationIDs: queue.map(\.declarationID)),
                    try await session.assignments.onShift(officeCodes: offices, at: now))
        }
        let urgency: [ClearanceTime.Standing] = [.overdue, .nearLimit, .running, .waiting]
        let entries = queue.map { entry in
            let time = ClearanceTime(registeredAt: entry.registeredAt, decidedAt: nil, requests: requests[entry.declarationID] ?? [])
            return (entry: entry, elapsed: time.elapsed(at: now), standing: time.standing(at: now))
        }.sorted { a, b in
            let (ua, ub) = (urgency.firstIndex(of: a.standing) ?? 0, urgency.firstIndex(of: b.standing) ?? 0)
            return ua != ub ? ua < ub : a.elapsed > b.elapsed
        }
        return Board(entries: entries, officers: officers)
    }

    /// Clearance times of the declarations registered in `[from, to)` and released: a supervisor's or
    /// officer's office (nil principal: every post, for the public summary).
    func statistics(from: Date, to: Date, principal: Principal?) async throws -> ClearanceStatistics {
        if let principal, !principal.hasAny(.officer, .supervisor, .statistician, .admin) { throw APIProblem.forbidden }
        let offices = principal?.officeCode.map { dependencies.reference.officeSubtree(of: $0).sorted() } ?? dependencies.reference.offices.keys.sorted()
        let (releases, requests) = try await store.read { try await $0.control.releases(officeCodes: offices, from: from, to: to) }
        return ClearanceStatistics(releases: releases.map { release in
            ClearanceStatistics.Release(officeCode: release.officeCode, channel: release.channel,
                                        time: ClearanceTime(registeredAt: release.registeredAt, decidedAt: release.releasedAt,
                                                            requests: requests[release.id] ?? []))
        })
    }

    /// What anyone may learn of a declaration by its registration number and its declarant's BIN: where
    /// it stands and since when, and nothing else. Any mismatch is simply "not found", so the look-up
    /// tells nothing about numbers or companies it does not match.
    func publicStatus(number text: String, declarantBIN: String) async throws -> (number: String, status: DeclarationStatus, registeredAt: Date, since: Date) {
        var problems: [ValidationProblem] = []
        let number = RegistrationNumber(String(text.trimmingSpaces()))
        if number == nil { problems.append(ValidationProblem("/number", expected: .registrationNumber)) }
        if !IdentificationNumber.isValid(declarantBIN) { problems.append(ValidationProblem("/declarant", .invalidCheckDigit)) }
        guard problems.isEmpty, let number else { throw APIProblem.validation(problems) }
        let document = try await store.read { try await $0.declarations.find(registrationNumber: number.description) }
        guard let declaration = document?.declaration, declaration.content.declarant?.identificationNumber == declarantBIN,
              let registeredAt = declaration.registeredAt else { throw APIProblem.notFound }
        return (number.description, declaration.status, registeredAt, declaration.updatedAt)
    }
}
