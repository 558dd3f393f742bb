/// What a risk profile asks for when it fires: a channel, the kind of examination, and an instruction
/// to the officer in the analyst's words.
public struct RiskMeasure: Codable, Sendable, Equatable {
    public var channel: Channel
    public var examination: ExaminationType
    public var instruction: String

    public init(channel: Channel, examination: ExaminationType, instruction: String) {
        self.channel = channel
        self.examination = examination
        self.instruction = instruction
    }
}
