import Foundation
import KeruenCore
import KeruenStore
import Synchronization

/// What devices' events are judged against for each open movement — its plates and the line of its route
/// — kept in memory: a movement's particulars never change once filed, and reading and decoding them
/// for every batch of events cost more than the rest of the matching. The destination is read each time
/// (a diversion moves it).
public final class TransitParticulars: Sendable {
    private let cache = Mutex<[String: TransitDeclaration]>([:])
    /// Beyond this many movements the cache starts afresh (the open movements of a busy day fit many times).
    static let capacity = 20_000

    public init() {}

    /// The expectations of these movements, read in `session` where not kept yet.
    func expectations(ids: Set<String>, reference: any ReferenceCatalog, in session: StoreSession) async throws -> [String: CheckpointAlert.Expectation] {
        guard !ids.isEmpty else { return [:] }
        var known = cache.withLock { cache in ids.reduce(into: [String: TransitDeclaration]()) { $0[$1] = cache[$1] } }
        let missing = ids.subtracting(known.keys)
        if !missing.isEmpty {
            let read = try await session.transit.particulars(ids: missing)
            known.merge(read) { first, _ in first }
            cache.withLock { cache in
                if cache.count + read.count > Self.capacity { cache.removeAll() }
                cache.merge(read) { first, _ in first }
            }
        }
        let destinations = try await session.transit.destinations(ids: ids)
        return known.reduce(into: [:]) { expectations, entry in
            expectations[entry.key] = CheckpointAlert.Expectation(plates: entry.value.plates,
                                                                  route: entry.value.routePoints(in: reference, destination: destinations[entry.key]))
        }
    }
}
