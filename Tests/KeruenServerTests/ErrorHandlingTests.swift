import Foundation
import HTTPTypes
import HummingbirdTesting
import KeruenServer
import KeruenTestSupport
import NIOCore
import Testing

@Suite struct ErrorHandlingTests {
    /// Sends a bad create and checks that nothing was written.
    func refused(_ body: ByteBuffer, _ check: @Sendable (APIResponse) -> Void) async throws {
        try await withTestApp { client, dependencies in
            let token = try await client.token("demo-declarant")
            let before = try await dependencies.store.read { try await $0.declarations.countByStatus() }
            let response = try await client.call(.post, "/api/v1/declarations", token: token, body: body)
            #expect(response.status.kind == .clientError)
            #expect(response.headers[.contentType] == "application/problem+json")
            check(response)
            let after = try await dependencies.store.read { try await $0.declarations.countByStatus() }
            #expect(before == after)
        }
    }

    @Test func malformedJSON() async throws {
        try await refused(ByteBuffer(string: #"{"kind":"IM","#)) { response in
            #expect(response.status == .badRequest)
            #expect(response.json["code"] as? String == "malformed-json")
        }
    }

    @Test func wrongTypeNamesTheField() async throws {
        try await refused(ByteBuffer(string: #"{"kind":"IM","items":[{"grossMass":"heavy"}]}"#)) { response in
            #expect(response.errorPointers == ["/items/0/grossMass"])
            #expect(response.errorCodes["/items/0/grossMass"] == "wrong-type")
        }
    }

    /// What a field should look like is said in the reader's language, not in English inside a Russian sentence.
    @Test func expectedFormatsAndTypesAreInTheReadersLanguage() async throws {
        try await withTestApp { client, _ in
            let token = try await client.token("demo-declarant")
            func messages(_ language: String, _ body: String) async throws -> [String: String] {
                let response = try await client.call(.post, "/api/v1/declarations", token: token, headers: [HTTPField.Name("Accept-Language")!: language], json: body)
                return Dictionary(uniqueKeysWithValues: (response.json["errors"] as? [[String: Any]] ?? []).compactMap { error in
                    (error["pointer"] as? String).map { ($0, error["message"] as? String ?? "") }
                })
            }
            let wrongType = #"{"kind":"IM","items":[{"grossMass":"heavy"}]}"#
            #expect(try await messages("ru", wrongType)["/items/0/grossMass"] == "Неверный тип значения: ожидается число.")
            #expect(try await messages("kk", wrongType)["/items/0/grossMass"] == "Мән түрі қате: сан күтіледі.")
            #expect(try await messages("en", wrongType)["/items/0/grossMass"] == "Wrong type of value: a number expected.")
            let badAmount = #"{"kind":"IM","items":[{"invoiceValue":"12 тенге"}]}"#
            #expect(try await messages("ru", badAmount)["/items/0/invoiceValue"] == "Неверный формат: ожидается десятичное число, например 1250.50.")
            #expect(try await messages("kk", badAmount)["/items/0/invoiceValue"] == "Пішімі қате: ондық сан, мысалы 1250.50 күтіледі.")
        }
    }

    @Test func unknownFieldsAreRefused() async throws {
        try await refused(ByteBuffer(string: #"{"kind":"IM","declarant":{"name":"A","nickname":"B"}}"#)) { response in
            #expect(response.errorPointers == ["/declarant/nickname"])
            #expect(response.errorCodes["/declarant/nickname"] == "unknown-field")
        }
    }

    @Test func unknownEnumValue() async throws {
        try await refused(ByteBuffer(string: #"{"kind":"XX"}"#)) { response in
            #expect(response.errorPointers == ["/kind"])
        }
    }

    @Test func badUTF8() async throws {
        try await refused(ByteBuffer(bytes: Array(#"{"procedure":""#.utf8) + [0xC3, 0x28] + Array(#""}"#.utf8))) { response in
            #expect(response.status == .badRequest)
        }
    }

    @Test func overLongStrings() async throws {
        let long = String(repeating: "я", count: 1001)
        try await refused(ByteBuffer(string: #"{"kind":"IM","items":[{"description":"\#(long)"}]}"#)) { response in
            #expect(response.status == .unprocessableContent)
            #expect(response.errorCodes["/items/0/description"] == "too-long")
        }
    }

    @Test func notADecimalAmount() async throws {
        try await refused(ByteBuffer(string: #"{"invoiceTotal":"1e5","items":[{"invoiceValue":"12,50"}]}"#)) { response in
            #expect(Set(response.errorPointers) == ["/invoiceTotal", "/items/0/invoiceValue"])
        }
    }

    @Test func oversizedBodies() async throws {
        try await refused(ByteBuffer(repeating: UInt8(ascii: " "), count: 5 * 1024 * 1024)) { response in
            #expect(response.status == .contentTooLarge)
        }
    }

    @Test func unknownRoutesAndIDsAnswerProblemDetails() async throws {
        try await withTestApp { client, _ in
            let token = try await client.token("demo-declarant")
            let missing = try await client.call(.get, "/api/v1/declarations/does-not-exist", token: token, headers: [.acceptLanguage: "kk"])
            #expect(missing.status == .notFound)
            #expect(missing.json["title"] as? String == "Табылмады.")
            #expect(try await client.call(.get, "/api/v1/nowhere", token: token).status == .notFound)
        }
    }
}

@Suite struct ProtocolErrorTests {
    @Test func aBodyThatIsNotJSONIsRefusedWithItsMediaType() async throws {
        try await withTestApp { client, _ in
            let token = try await client.token("demo-declarant")
            let response = try await client.call(.post, "/api/v1/declarations", token: token,
                                                 headers: [.contentType: "text/plain"], body: ByteBuffer(string: "hello"))
            #expect(response.status == .unsupportedMediaType)
            #expect(response.json["code"] as? String == "bad-request")
        }
    }
}
