import Benchmark
import Crypto
import _CryptoExtras
import Foundation
import X509
import KeruenCore
import KeruenReference
import KeruenSignature
import KeruenServer
import KeruenStore

/// The domain work done on every registration, measured without HTTP or a database.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .cpuTotal, .mallocCountTotal], maxDuration: .seconds(3))
    let reference = try! ReferenceData.bundled()
    let validator = DeclarationValidator(reference: reference)
    let tenItems = DemoDeclarations.importFromChina(itemCount: 10)
    let fullDeclaration = DemoDeclarations.importFromChina(itemCount: 999)

    Benchmark("Validate a 10-item declaration") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(validator.problems(in: tenItems)) }
    }
    Benchmark("Validate a 999-item declaration") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(validator.problems(in: fullDeclaration)) }
    }
    let declaration = Declaration(id: TimeOrderedID.make(), version: 1, status: .draft, content: tenItems,
                                  createdBy: "bench", createdAt: Date(), updatedAt: Date())
    Benchmark("Stored content of a 10-item declaration (encoded once per change)") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try DeclarationDocument.encode(tenItems)) }
    }
    Benchmark("State digest of a 10-item declaration, content already encoded") { benchmark in
        let document = try DeclarationDocument(declaration)
        for _ in benchmark.scaledIterations { blackHole(try document.stateDigest()) }
    }
    // The JSON that the API's generated types (swift-openapi-runtime, Foundation's coders) cost per
    // registration: one request body read, two answers written.
    let requestBody = try! APIPayload.declarationJSON(tenItems)
    Benchmark("Request body of a 10-item declaration, read into the domain") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try APIPayload.content(fromJSON: requestBody)) }
    }
    let localizer = try! Localizer.bundled()
    var registered = declaration
    registered.status = .registered
    registered.registrationNumber = RegistrationNumber(officeCode: "55201010", day: CustomsDay(containing: Date()), serial: 1)
    registered.registeredAt = Date()
    Benchmark("Answer for a registered 10-item declaration, written") { [registered] benchmark in
        for _ in benchmark.scaledIterations { blackHole(try APIPayload.answerJSON(registered, localizer: localizer)) }
    }
    // Signature verification as a submission does it: CMS signature, chain to the anchor, policies.
    let authority = try! CertificateAuthority.make()
    let verifier = SignatureVerifier(anchors: [authority.certificate], revocationLists: [])
    let payload = try! SigningPayload(declaration).bytes
    for (name, key) in [("ECDSA P-256", Certificate.PrivateKey(P256.Signing.PrivateKey())),
                        ("RSA-2048", Certificate.PrivateKey(try! _RSA.Signing.PrivateKey(keySize: .bits2048)))] {
        let signer = try! authority.issue(commonName: "Bench", iin: "850615300456", bin: "050140001238", key: key)
        let signature = try! signer.sign(payload)
        Benchmark("Verify a \(name) signature of a 10-item declaration's payload") { benchmark in
            for _ in benchmark.scaledIterations { blackHole(await verifier.verify(signature: signature, over: payload, at: Date())) }
        }
    }
    Benchmark("Signing payload of a 10-item declaration (RFC 8785)") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try SigningPayload(declaration).bytes) }
    }
    // Issue 4's goal: a million item calculations a second on one core, i.e. 100 µs for 100 items.
    let calculator = PaymentCalculator(tariff: Tariff(try! TariffFile.illustrative()), rates: ExchangeRateTable([
        ExchangeRate(currency: "USD", day: CustomsDay(year: 2026, month: 7, day: 31), price: Decimal(string: "474.20")!, quant: 1),
        ExchangeRate(currency: "EUR", day: CustomsDay(year: 2026, month: 7, day: 31), price: Decimal(string: "512.35")!, quant: 1),
    ]))
    var hundredItems = DemoDeclarations.importFromChina(itemCount: 100)
    hundredItems.additions = ValuationAdditions(transport: 4200, insurance: 310, basis: .grossMass)
    Benchmark("Payments of a 100-item declaration (customs value, duty, VAT, fee)") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(calculator.assess(hundredItems, on: CustomsDay(year: 2026, month: 8, day: 3)))
        }
    }
    // Issue 5's goal: with 10,000 active profiles, a 10-item declaration in under 50 µs at the median and
    // 200 µs at p99, and at least 50 times faster than evaluating every profile in turn.
    let riskEngine = RiskEngine(profiles: SyntheticRiskProfiles.make(count: 10_000, reference: try! ReferenceData.bundled()))
    let riskDay = CustomsDay(year: 2026, month: 8, day: 3)
    let riskContent = DemoDeclarations.importFromChina(itemCount: 10)
    guard case .assessed(let riskAssessment) = calculator.assess(riskContent, on: riskDay) else { fatalError("the demo declaration has payments") }
    let riskInput = RiskInput(content: riskContent, customsValues: riskAssessment.customsValues, usdRate: Decimal(string: "474.20")!,
                              compliance: ComplianceRecord(registered: 40, controls: 6, violations: 1), newTraderBelow: 5)
    Benchmark("Risk profiles: 10,000 on a 10-item declaration, indexed") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(riskEngine.evaluate(riskInput, on: riskDay)) }
    }
    Benchmark("Risk profiles: 10,000 on a 10-item declaration, every profile in turn", configuration: .init(maxDuration: .seconds(5))) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(riskEngine.evaluateEveryProfile(riskInput, on: riskDay)) }
    }
    // A checkpoint's batch as ingestion handles it outside the database: checked, each event judged by the
    // alert rules against its movement's plates and route, each reading written as stored JSON.
    let batchTime = Date()
    let corridor = [GeoPoint(latitude: 44.215, longitude: 80.367), GeoPoint(latitude: 43.330, longitude: 76.870), GeoPoint(latitude: 51.670, longitude: 50.640)]
    let expectation = CheckpointAlert.Expectation(plates: ["512HBA02", "13TR02"], route: corridor)
    let limits = VehicleLimits(validFrom: CustomsDay(year: 2020, month: 1, day: 1), grossKgByAxles: [5: 40_000], axleKg: 11_500, lengthM: 20, widthM: 2.55, heightM: 4)
    let batch = (0..<500).map { index -> DeviceEvent in
        let share = Double(index) / 500
        let reading: DeviceEvent.Reading = switch index % 20 {
        case 0..<14: .position(plate: "512HBA02", point: GeoPoint(latitude: 44.215 - 0.885 * share, longitude: 80.367 - 3.497 * share))
        case 14..<17: .plate(camera: "NZ-IN-1", lane: index % 4 + 1, plate: "\(100 + index)ABK02", confidence: 0.95, direction: .exit)
        case 17: .weighing(grossKg: 31_000, axleLoadsKg: [7000, 6000, 6000, 6000, 6000], lengthM: 16.5, widthM: nil, heightM: nil)
        default: .seal(sealID: "ENS-880102", state: .intact)
        }
        return DeviceEvent(eventID: "b-\(index)", time: batchTime, reading: reading)
    }
    Benchmark("Checkpoint batch of 500 events: checked, judged by the alert rules, kept as JSON") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(DeviceBatchValidator.problems(in: batch, now: batchTime))
            for event in batch {
                blackHole(CheckpointAlert.raised(by: event, expected: expectation, limits: limits, routeTolerance: 25_000))
                blackHole(event.reading.storedJSON)
            }
        }
    }
    // The statistics' in-memory cube: a year of 1 M cells shaped like a generated history's (200 partners, 8,000
    // national codes, 4,000 declarants), asked a narrow, a common and a wide question.
    var random = SeededRandomNumberGenerator(seed: 2026)
    var cube = TradeCube()
    let year = (1...12).map { TradePeriod(year: 2025, month: $0)! }
    for month in year { cube.reset(month, version: 1) }
    for _ in 0..<1_000_000 {
        let key = TradeCell.Key(period: year.randomElement(using: &random)!, flow: Int.random(in: 0..<10, using: &random) < 7 ? .import : .export,
                                partner: "P" + String(Int.random(in: 0..<200, using: &random)), code: String(8_400_000_000 + Int.random(in: 0..<8_000, using: &random) * 1_001),
                                procedure: String(Int.random(in: 10..<20, using: &random)), office: String(55_201_000 + Int.random(in: 0..<50, using: &random)),
                                transport: String(Int.random(in: 1...6, using: &random) * 10), declarant: String(100_000_000_000 + Int.random(in: 0..<4_000, using: &random)))
        cube.insert(TradeCell(key: key, measures: .init(items: 1, valueTiyn: Int64.random(in: 1...5_000_000_000, using: &random), valueUSDCents: 1_000)))
    }
    let from = year.first!, to = year.last!
    for (name, query) in [("imports of heading 8471 by month", TradeQuery(from: from, to: to, flow: .import, codePrefix: "8471", groupBy: [.period])),
                          ("by partner", TradeQuery(from: from, to: to, groupBy: [.partner])),
                          ("by partner and national code (first 1,000 of some 740,000 lines)", TradeQuery(from: from, to: to, groupBy: [.partner, .code(digits: 10)]))] {
        Benchmark("Trade cube, a year of 1 M cells: \(name)") { [cube] benchmark in
            for _ in benchmark.scaledIterations { blackHole(cube.figures(query, lines: 0..<1_000)) }
        }
    }
    Benchmark("Time-ordered id") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(TimeOrderedID.make()) }
    }
    Benchmark("BIN check digit") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(IdentificationNumber.isValid("050140001238")) }
    }
}
