import KeruenAPI
import KeruenCore
import KeruenReference

extension APIHandler {
    private var reference: ReferenceData { dependencies.reference }

    func searchCommodities(_ input: Operations.SearchCommodities.Input) async throws -> Operations.SearchCommodities.Output {
        let limit = min(max(input.query.limit ?? 50, 1), 200)
        return .ok(.init(body: .json(reference.searchHS(input.query.q, limit: limit).map(APIMapping.hsEntry))))
    }

    func getCommodity(_ input: Operations.GetCommodity.Input) async throws -> Operations.GetCommodity.Output {
        let code = input.path.code
        guard (2...10).contains(code.count), code.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw APIProblem.validation([ValidationProblem("/code", expected: .nomenclatureCode)])
        }
        let ancestry = reference.hsAncestry(of: code)
        guard !ancestry.isEmpty, code.count <= 6 ? reference.hs[code] != nil : reference.hs[String(code.prefix(6))] != nil else {
            throw APIProblem.notFound
        }
        let entry = reference.hs[code]
        let children = (reference.hsChildren[code] ?? []).compactMap { reference.hs[$0] }
        return .ok(.init(body: .json(.init(code: code, entry: entry.map(APIMapping.hsEntry), ancestry: ancestry.map(APIMapping.hsEntry),
                                           children: children.map(APIMapping.hsEntry)))))
    }

    func listCountries(_ input: Operations.ListCountries.Input) async throws -> Operations.ListCountries.Output {
        let countries = reference.sortedCountries.map {
            Components.Schemas.Country(code: $0.alpha2, alpha3: $0.alpha3, numeric: $0.numeric, name: $0.names.text(in: language))
        }
        return .ok(.init(body: .json(countries)))
    }

    func listCurrencies(_ input: Operations.ListCurrencies.Input) async throws -> Operations.ListCurrencies.Output {
        let currencies = reference.sortedCurrencies.map {
            Components.Schemas.Currency(code: $0.code, numeric: $0.numeric, name: $0.name, minorUnit: $0.minorUnit)
        }
        return .ok(.init(body: .json(currencies)))
    }

    func listOffices(_ input: Operations.ListOffices.Input) async throws -> Operations.ListOffices.Output {
        func node(_ code: String) -> Components.Schemas.OfficeNode? {
            guard let office = reference.offices[code] else { return nil }
            return .init(code: office.code, name: office.names.text(in: language),
                         kind: .init(rawValue: office.kind.rawValue)!, region: office.region, borderWith: office.borderWith,
                         modes: office.modes, children: (reference.officeChildren[code] ?? []).compactMap(node))
        }
        let roots = reference.offices.values.filter { $0.parent == nil }.map(\.code).sorted()
        return .ok(.init(body: .json(roots.compactMap(node))))
    }
}
