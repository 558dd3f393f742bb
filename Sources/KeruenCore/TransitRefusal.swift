/// Why an event does not fit a transit movement where it stands. Each reason has its own problem code.
public enum TransitRefusal: String, Error, Sendable, Equatable, CaseIterable {
    /// The event needs another state (arrival before release, discharge before termination…).
    case outOfOrder = "transit-out-of-order"
    /// A passage at an office that is not an office of transit on the route, or one passed already.
    case officeNotOnRoute = "transit-office-not-on-route"
    /// An arrival at another office than the destination (a diversion comes first).
    case notTheDestination = "transit-not-the-destination"
    /// A diversion to the destination it already has.
    case sameDestination = "transit-same-destination"
    /// A diversion, incident or termination without the words that explain it.
    case reasonRequired = "transit-reason-required"
}
