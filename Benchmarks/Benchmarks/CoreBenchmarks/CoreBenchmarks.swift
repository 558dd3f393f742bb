import Benchmark
import Foundation
import KeruenCore
import KeruenReference
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
    Benchmark("Time-ordered id") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(TimeOrderedID.make()) }
    }
    Benchmark("BIN check digit") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(IdentificationNumber.isValid("050140001238")) }
    }
}
