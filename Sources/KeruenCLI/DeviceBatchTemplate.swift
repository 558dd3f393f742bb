import Foundation
import KeruenCore
import NIOCore

/// A checkpoint's batch of device events for the load generator, encoded once: each request copies it
/// and writes a fresh 12-character prefix into every event id, so that no two batches share an event
/// (the server would count them as resends), and the time of sending into every event's time, as a
/// device sends what it read in the last moments; the generator spends no time encoding JSON.
///
/// The mix is a busy checkpoint's: mostly GPS positions of the demo corridor's trucks under transit, plate
/// reads at the lanes, weighings, electronic seal states and the odd radiation reading.
struct DeviceBatchTemplate: Sendable {
    static let prefixLength = 12
    let body: ByteBuffer
    let prefixOffsets: [Int]
    let timeOffsets: [Int]
    let events: Int

    init(events: Int, now: Date = Date()) {
        var generator = SeededRandomNumberGenerator(seed: 7)
        let transit = ["512HBA02", "771AAK05", "404XXA13", "666ZZZ13", "345KTA02", "208KZT02"]
        var json = #"{"events":["#
        var offsets: [Int] = [], times: [Int] = []
        for index in 0..<events {
            if index > 0 { json += "," }
            json += #"{"id":""#
            offsets.append(json.utf8.count)
            json += String(repeating: "P", count: Self.prefixLength) + String(format: "-%05d", index)
            json += #"","time":""#
            times.append(json.utf8.count)
            json += now.formatted(.iso8601) + #"","#
            let roll = Int.random(in: 0..<100, using: &generator)
            switch roll {
            case ..<70:
                // On the corridor's first leg, Nur Zholy → Almaty, within a few kilometres of the line.
                let plate = transit[index % transit.count], share = Double.random(in: 0...1, using: &generator)
                json += String(format: #""type":"position","plate":"%@","latitude":%.5f,"longitude":%.5f}"#, plate,
                               44.215 + (43.330 - 44.215) * share + Double.random(in: -0.02...0.02, using: &generator),
                               80.367 + (76.870 - 80.367) * share + Double.random(in: -0.02...0.02, using: &generator))
            case ..<85:
                json += String(format: #""type":"plate","camera":"NZ-IN-%d","lane":%d,"plate":"%03dABK02","confidence":0.95,"direction":"exit"}"#,
                               index % 4 + 1, index % 4 + 1, index % 1000)
            case ..<90:
                json += String(format: #""type":"weighing","grossKg":%.0f,"axleLoadsKg":[7000,8000,8000,8000,8000],"lengthM":16.5}"#,
                               Double.random(in: 20_000...39_000, using: &generator))
            case ..<98:
                json += #""type":"seal","sealId":"ENS-88010\#(2 + index % 2)","state":"intact"}"#
            default:
                json += #""type":"radiation","microsievertsPerHour":0.12,"alarm":false}"#
            }
        }
        json += "]}"
        body = ByteBuffer(string: json)
        prefixOffsets = offsets
        timeOffsets = times
        self.events = events
    }

    /// The batch with `prefix` (exactly ``prefixLength`` ASCII characters) in every event id and `time` in every event.
    func batch(prefix: String, time: Date) -> ByteBuffer {
        var copy = body
        let bytes = Array(prefix.utf8), stamp = Array(time.formatted(.iso8601).utf8)
        precondition(bytes.count == Self.prefixLength && stamp.count == 20)
        for offset in prefixOffsets { copy.setBytes(bytes, at: copy.readerIndex + offset) }
        for offset in timeOffsets { copy.setBytes(stamp, at: copy.readerIndex + offset) }
        return copy
    }
}
