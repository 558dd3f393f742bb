import Foundation

/// A position on the Earth (WGS 84 degrees), with the distances route checks need, on a sphere of the
/// Earth's mean radius (good to about 0.5 %, far finer than any tolerance a route is given).
public struct GeoPoint: Sendable, Hashable, Codable {
    public var latitude: Double
    public var longitude: Double

    public static let earthRadiusMetres = 6_371_008.8

    public init(latitude: Double, longitude: Double) {
        self.latitude = latitude
        self.longitude = longitude
    }

    public var isValid: Bool { (-90...90).contains(latitude) && (-180...180).contains(longitude) }

    /// Great-circle distance in metres (haversine).
    public func distance(to other: GeoPoint) -> Double {
        angle(to: other) * Self.earthRadiusMetres
    }

    /// Distance in metres to the nearest point of the great-circle segment from `start` to `end`.
    public func distance(toSegmentFrom start: GeoPoint, to end: GeoPoint) -> Double {
        let toPoint = start.angle(to: self), length = start.angle(to: end)
        guard length > 0 else { return distance(to: start) }
        let offCourse = start.bearing(to: self) - start.bearing(to: end)
        // Beyond the start (the point lies behind it) or past the end: the nearest point is an end point.
        guard cos(offCourse) > 0 else { return distance(to: start) }
        let crossTrack = asin(sin(toPoint) * sin(offCourse))
        let alongTrack = acos(min(1, max(-1, cos(toPoint) / cos(crossTrack))))
        guard alongTrack <= length else { return distance(to: end) }
        return abs(crossTrack) * Self.earthRadiusMetres
    }

    /// Distance in metres to the nearest point of a route drawn through `points` in order.
    public func distance(toRoute points: [GeoPoint]) -> Double {
        guard let first = points.first else { return .infinity }
        guard points.count > 1 else { return distance(to: first) }
        return zip(points, points.dropFirst()).map { distance(toSegmentFrom: $0, to: $1) }.min()!
    }

    /// The point a `fraction` of the way along the great circle to `other` (the line route checks measure against).
    public func point(towards other: GeoPoint, fraction: Double) -> GeoPoint {
        let angle = angle(to: other)
        guard angle > 0 else { return self }
        let (a, b) = (radians, other.radians)
        let wa = sin((1 - fraction) * angle) / sin(angle), wb = sin(fraction * angle) / sin(angle)
        let x = wa * cos(a.latitude) * cos(a.longitude) + wb * cos(b.latitude) * cos(b.longitude)
        let y = wa * cos(a.latitude) * sin(a.longitude) + wb * cos(b.latitude) * sin(b.longitude)
        let z = wa * sin(a.latitude) + wb * sin(b.latitude)
        return GeoPoint(latitude: atan2(z, sqrt(x * x + y * y)) * 180 / .pi, longitude: atan2(y, x) * 180 / .pi)
    }

    private var radians: (latitude: Double, longitude: Double) { (latitude * .pi / 180, longitude * .pi / 180) }

    private func angle(to other: GeoPoint) -> Double {
        let (a, b) = (radians, other.radians)
        let h = pow(sin((b.latitude - a.latitude) / 2), 2) + cos(a.latitude) * cos(b.latitude) * pow(sin((b.longitude - a.longitude) / 2), 2)
        return 2 * asin(min(1, sqrt(h)))
    }

    private func bearing(to other: GeoPoint) -> Double {
        let (a, b) = (radians, other.radians)
        let y = sin(b.longitude - a.longitude) * cos(b.latitude)
        let x = cos(a.latitude) * sin(b.latitude) - sin(a.latitude) * cos(b.latitude) * cos(b.longitude - a.longitude)
        return atan2(y, x)
    }
}
