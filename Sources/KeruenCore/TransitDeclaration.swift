import Foundation

/// A transit declaration's particulars (procedure 80): the goods as a TT declaration's content, and how
/// they travel — offices, route of checkpoints, time limit, vehicles, containers, seals and the guarantee.
public struct TransitDeclaration: Codable, Sendable, Equatable {
    /// The goods, parties and invoice (kind TT, procedure 80, the office of departure as its office).
    public var goods: DeclarationContent
    public var transitOffices: [String]?
    public var destinationOffice: String?
    /// The checkpoints the vehicle passes, in order (their codes); the track is judged against them.
    public var route: [String]?
    /// Hours from release for transit to arrival at destination.
    public var timeLimitHours: Int?
    public var vehicles: [Vehicle]?
    /// ISO 6346 container numbers.
    public var containers: [String]?
    public var seals: [Seal]?
    /// Number of packages (the TIR termination reports it).
    public var packages: Int?
    public var guarantee: GuaranteeChoice?

    public struct Vehicle: Codable, Sendable, Equatable {
        public var plate: String
        public var trailerPlates: [String]?
        /// ISO alpha-2 of the registration country.
        public var nationality: String?

        public init(plate: String, trailerPlates: [String]? = nil, nationality: String? = nil) {
            self.plate = plate
            self.trailerPlates = trailerPlates
            self.nationality = nationality
        }
    }

    public struct Seal: Codable, Sendable, Equatable {
        public var id: String
        /// An electronic navigation seal reports its state and GPS position.
        public var electronic: Bool

        public init(id: String, electronic: Bool) {
            self.id = id
            self.electronic = electronic
        }
    }

    /// What secures the duties and taxes at stake: a TIR carnet, the holder's general guarantee, or a
    /// guarantee for this movement alone.
    public struct GuaranteeChoice: Codable, Sendable, Equatable {
        public enum Kind: String, Codable, Sendable, CaseIterable { case tir, general, single }
        public var kind: Kind
        public var carnet: String?
        /// The registered guarantee (general or single).
        public var guaranteeID: String?

        public init(kind: Kind, carnet: String? = nil, guaranteeID: String? = nil) {
            self.kind = kind
            self.carnet = carnet
            self.guaranteeID = guaranteeID
        }

        enum CodingKeys: String, CodingKey { case kind, carnet, guaranteeID = "guaranteeId" }
    }

    public init(goods: DeclarationContent, transitOffices: [String]? = nil, destinationOffice: String? = nil, route: [String]? = nil,
                timeLimitHours: Int? = nil, vehicles: [Vehicle]? = nil, containers: [String]? = nil, seals: [Seal]? = nil,
                packages: Int? = nil, guarantee: GuaranteeChoice? = nil) {
        self.goods = goods
        self.transitOffices = transitOffices
        self.destinationOffice = destinationOffice
        self.route = route
        self.timeLimitHours = timeLimitHours
        self.vehicles = vehicles
        self.containers = containers
        self.seals = seals
        self.packages = packages
        self.guarantee = guarantee
    }

    /// Every plate of the movement's vehicles and trailers, as cameras read them.
    public var plates: [String] {
        (vehicles ?? []).flatMap { [$0.plate] + ($0.trailerPlates ?? []) }.map(VehiclePlate.normalized).filter { !$0.isEmpty }
    }

    /// The duties and taxes at stake: what the goods would owe if they were imported here (import duty,
    /// excise and VAT — not the customs fee, which transit does not owe), assessed on `day`.
    public func importEquivalent() -> DeclarationContent {
        var content = goods
        content.kind = .import
        content.procedure = "40"
        return content
    }

    /// The declared route as positions: office of departure, the checkpoints in order, office of destination
    /// (those whose place is known). GPS positions are judged against the line through them.
    public func routePoints(in reference: any ReferenceCatalog, destination: String? = nil) -> [GeoPoint] {
        var points: [GeoPoint] = []
        for code in [goods.officeCode] + (route ?? []).map({ Optional($0) }) + [destination ?? destinationOffice] {
            // The office of departure is often the route's first checkpoint too: a point is taken once.
            if let point = code.flatMap({ reference.office($0)?.location }), point != points.last { points.append(point) }
        }
        return points
    }

    /// What the guarantee must cover from the import-equivalent assessment: every item's duties and taxes, not the fee.
    public static func amountAtStake(in assessment: PaymentAssessment) -> Tenge {
        assessment.lines.filter { $0.item != nil }.reduce(.zero) { $0 + $1.amount }
    }
}
