/// Checks a transit declaration before it is accepted: its goods as a TT declaration (under `/goods`),
/// then the journey — offices of transit and destination that exist, a route of known checkpoints, a
/// time limit, at least one vehicle, well-formed container and seal numbers, and a guarantee.
public struct TransitDeclarationValidator: Sendable {
    /// The longest time limit an office of departure grants, in hours (road transit across the EAEU takes days, not weeks).
    public static let longestTimeLimitHours = 720
    public static let mostEntries = 50

    let reference: any ReferenceCatalog

    public init(reference: any ReferenceCatalog) {
        self.reference = reference
    }

    public func problems(in declaration: TransitDeclaration) -> [ValidationProblem] {
        var found = Findings()
        found.problems = DeclarationValidator(reference: reference).problems(in: declaration.goods).map { $0.nested(under: "/goods") }
        if declaration.goods.kind != nil && declaration.goods.kind != .transit { found.add("/goods/kind", expected: .permittedValue) }
        for (index, office) in (declaration.transitOffices ?? []).enumerated() { checkOffice(office, "/transitOffices/\(index)", &found) }
        if let destination = found.required(declaration.destinationOffice, "/destinationOffice") {
            checkOffice(destination, "/destinationOffice", &found)
            if destination == declaration.goods.officeCode { found.add("/destinationOffice", .outOfRange) }
        }
        let route = declaration.route ?? []
        if route.isEmpty { found.add("/route", .required) }
        for (index, point) in route.enumerated() where reference.office(point)?.location == nil {
            found.add("/route/\(index)", .unknownOffice)
        }
        if let hours = found.required(declaration.timeLimitHours, "/timeLimitHours"), !(1...Self.longestTimeLimitHours).contains(hours) {
            found.add("/timeLimitHours", .outOfRange, ["minimum": "1", "maximum": String(Self.longestTimeLimitHours)])
        }
        let vehicles = declaration.vehicles ?? []
        if vehicles.isEmpty { found.add("/vehicles", .required) }
        for (index, vehicle) in vehicles.enumerated() {
            if VehiclePlate.normalized(vehicle.plate).isEmpty { found.add("/vehicles/\(index)/plate", expected: .vehiclePlate) }
            for (trailer, plate) in (vehicle.trailerPlates ?? []).enumerated() where VehiclePlate.normalized(plate).isEmpty {
                found.add("/vehicles/\(index)/trailerPlates/\(trailer)", expected: .vehiclePlate)
            }
            if let nationality = vehicle.nationality, !reference.isCountry(nationality) { found.add("/vehicles/\(index)/nationality", .unknownCountry) }
        }
        for (index, container) in (declaration.containers ?? []).enumerated() where ContainerNumber.normalized(container) == nil {
            found.add("/containers/\(index)", .invalidCheckDigit)
        }
        for (index, seal) in (declaration.seals ?? []).enumerated() where seal.id.trimmingSpaces().isEmpty || seal.id.count > 40 {
            found.add("/seals/\(index)/id", expected: .sealNumber)
        }
        for (name, count) in [("transitOffices", declaration.transitOffices?.count), ("route", route.count), ("vehicles", vehicles.count),
                              ("containers", declaration.containers?.count), ("seals", declaration.seals?.count)] where (count ?? 0) > Self.mostEntries {
            found.add("/" + name, .tooMany, ["maximum": String(Self.mostEntries)])
        }
        if let packages = declaration.packages, packages <= 0 { found.add("/packages", .notPositive) }
        if let guarantee = found.required(declaration.guarantee, "/guarantee") {
            switch guarantee.kind {
            case .tir:
                if let carnet = found.required(guarantee.carnet, "/guarantee/carnet"), TIRCarnet.normalized(carnet) == nil {
                    found.add("/guarantee/carnet", expected: .tirCarnet)
                }
                _ = found.required(declaration.packages, "/packages")
            case .general, .single:
                _ = found.required(guarantee.guaranteeID, "/guarantee/guaranteeId")
            }
        }
        return found.problems.uniqued()
    }

    private func checkOffice(_ code: String, _ at: String, _ found: inout Findings) {
        guard let office = reference.office(code) else { return found.add(at, .unknownOffice) }
        if !office.acceptsDeclarations { found.add(at, .officeNotPost) }
    }
}
