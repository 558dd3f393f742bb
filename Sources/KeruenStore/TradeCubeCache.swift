import KeruenCore
import Synchronization

/// This node's ``TradeCube``: loaded in one pass over the cells (at start, see `TradeCubeRefresh`), and brought up
/// to date before each answer by reading the cells of months whose version moved since (a release or correction on any node
/// raises its month's version in the same transaction, so an answer is always as exact as the cells).
final class TradeCubeCache: Sendable {
    private let cube = Mutex(TradeCube())
    /// One refresh at a time; an answer that finds the cube behind the database waits for it.
    private let refreshing = AsyncLock()
    /// Whether the cube has been brought up to date once (a node answers statistics without waiting from then on).
    private let everLoaded = Mutex(false)

    var loaded: Bool { everLoaded.withLock { $0 } }

    /// The cube as of the months' versions now in the database.
    func current(_ statistics: StatisticsRepository) async throws -> TradeCube {
        let months = try await statistics.months()
        let held = cube.withLock { $0 }
        if held.versions == months.mapValues(\.version) {
            everLoaded.withLock { $0 = true }
            return held
        }
        await refreshing.lock()
        defer { refreshing.unlock() }
        var working = cube.withLock { $0 }
        var reloads: [TradePeriod] = []
        for (month, state) in months.sorted(by: { $0.key < $1.key }) {
            switch working.segments[month]?.version {
            case let version? where version >= state.version:
                continue
            case let version? where version >= state.reloaded:
                working.update(month, changed: try await statistics.cells(of: month, changedAfter: version), version: state.version)
            default:
                working.reset(month, version: state.version)
                reloads.append(month)
            }
        }
        if !reloads.isEmpty {
            // Cells go straight into the cube as they stream; many months are read in one pass over the table (at start, after a rebuild).
            let loading = Mutex(working), reloading = Set(reloads)
            try await statistics.streamCells(of: reloads.count > 3 ? nil : reloads) { cell in
                if reloading.contains(cell.key.period) { loading.withLock { $0.insert(cell) } }
            }
            working = loading.withLock { $0 }
        }
        for month in working.segments.keys where months[month] == nil { working.remove(month) }
        cube.withLock { $0 = working }
        everLoaded.withLock { $0 = true }
        return working
    }
}
