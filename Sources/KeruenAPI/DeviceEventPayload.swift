import KeruenCore

/// The schema DeviceEvent, decoded straight into the domain's ``DeviceEvent`` (typeOverrides in
/// openapi-generator-config.yaml).
///
/// Why: the generated type looked for all 22 fields of the schema in every event, and was then mapped to
/// the domain in a second pass — together a third of the work of ingesting a batch. This reads the fields
/// the event's type names, once.
public struct DeviceEventPayload: Codable, Hashable, Sendable {
    /// The event; nil when it lacks fields its type needs.
    public var event: DeviceEvent?
    /// The fields its type needs that it lacks, all of them.
    public var missingFields: [String]

    public init(_ event: DeviceEvent) {
        self.event = event
        missingFields = []
    }

    public init(from decoder: any Decoder) throws {
        do {
            event = try DeviceEvent(from: decoder)
            missingFields = []
        } catch let missing as DeviceEvent.MissingFields {
            event = nil
            missingFields = missing.fields
        }
    }

    /// An event lacking fields cannot be written back; it is never answered.
    public func encode(to encoder: any Encoder) throws {
        guard let event else {
            throw EncodingError.invalidValue(self, .init(codingPath: encoder.codingPath, debugDescription: "missing \(missingFields)"))
        }
        try event.encode(to: encoder)
    }
}
