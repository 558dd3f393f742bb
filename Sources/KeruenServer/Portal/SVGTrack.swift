import Foundation
import KeruenCore

/// A movement's track drawn as SVG by the server: the declared route through its checkpoints (dashed,
/// each checkpoint a labelled dot) and the GPS positions reported (a line in time order, the last one
/// marked; positions off the route by more than the tolerance in red). Longitude and latitude are
/// scaled to fit (an equirectangular view, corrected for the latitude: true enough over a country).
enum SVGTrack {
    static let width = 720.0, height = 380.0, margin = 90.0

    static func draw(title: String, route: [(label: String, point: GeoPoint)], track: [GeoPoint], tolerance: Double) -> String {
        let all = route.map(\.point) + track
        guard let first = all.first else { return "" }
        var (south, north, west, east) = (first.latitude, first.latitude, first.longitude, first.longitude)
        for point in all {
            south = min(south, point.latitude); north = max(north, point.latitude)
            west = min(west, point.longitude); east = max(east, point.longitude)
        }
        let squeeze = cos((south + north) / 2 * .pi / 180)
        let spanX = max((east - west) * squeeze, 0.01), spanY = max(north - south, 0.01)
        let marginY = 30.0
        let scale = min((width - 2 * margin) / spanX, (height - 2 * marginY) / spanY)
        func xy(_ p: GeoPoint) -> String {
            String(format: "%.1f,%.1f", margin + (p.longitude - west) * squeeze * scale, height - marginY - (p.latitude - south) * scale)
        }
        let line = route.map(\.point)
        // Each leg drawn along its great circle (the line positions are judged against), not straight on the map.
        let drawn = zip(line, line.dropFirst()).flatMap { from, to in (0..<16).map { from.point(towards: to, fraction: Double($0) / 16) } } + line.suffix(1)
        var svg = #"<svg class="track" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \#(Int(width)) \#(Int(height))" role="img" aria-label="\#(SVGChart.escape(title))"><title>\#(SVGChart.escape(title))</title>"#
        svg += #"<polyline class="route" points="\#(drawn.map(xy).joined(separator: " "))"/>"#
        if !track.isEmpty { svg += #"<polyline class="path" points="\#(track.map(xy).joined(separator: " "))"/>"# }
        for point in track where point.distance(toRoute: line) > tolerance {
            let at = xy(point).split(separator: ",")
            svg += #"<circle class="off-route" cx="\#(at[0])" cy="\#(at[1])" r="4"/>"#
        }
        for stop in route {
            let at = xy(stop.point).split(separator: ",")
            svg += #"<circle class="checkpoint" cx="\#(at[0])" cy="\#(at[1])" r="5"/><text class="axis" x="\#(at[0])" y="\#(Double(at[1])! - 9)" text-anchor="middle">\#(SVGChart.escape(stop.label))</text>"#
        }
        if let last = track.last {
            let at = xy(last).split(separator: ",")
            svg += #"<circle class="vehicle" cx="\#(at[0])" cy="\#(at[1])" r="7"/>"#
        }
        return svg + "</svg>"
    }
}
