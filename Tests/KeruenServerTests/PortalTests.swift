import Foundation
import HTTPTypes
import HummingbirdTesting
import KeruenServer
import KeruenTestSupport
import NIOCore
import Testing

/// The portal as a browser uses it: cookies, forms, redirects.
@Suite struct PortalTests {
    struct Browser {
        let client: any TestClientProtocol
        var cookies: [String: String] = [:]
        var language: String?

        mutating func get(_ path: String) async throws -> APIResponse {
            try await send(.get, path, form: nil)
        }

        mutating func post(_ path: String, form: [(String, String)]) async throws -> APIResponse {
            try await send(.post, path, form: form)
        }

        /// Posts a multipart form with text fields and one file, as a browser's file upload does.
        mutating func upload(_ path: String, fields: [(String, String)], file: (name: String, bytes: [UInt8])) async throws -> APIResponse {
            let boundary = "keruen-test-boundary"
            var body = ByteBuffer()
            for (name, value) in fields {
                body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
            }
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(file.name)\"; filename=\"payload.sig\"\r\n")
            body.writeString("Content-Type: application/octet-stream\r\n\r\n")
            body.writeBytes(file.bytes)
            body.writeString("\r\n--\(boundary)--\r\n")
            return try await send(.post, path, form: nil, body: body, contentType: "multipart/form-data; boundary=\(boundary)")
        }

        private mutating func send(_ method: HTTPRequest.Method, _ path: String, form: [(String, String)]?,
                                   body rawBody: ByteBuffer? = nil, contentType: String? = nil) async throws -> APIResponse {
            var headers: HTTPFields = [:]
            if !cookies.isEmpty { headers[.cookie] = cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }
            if let language { headers[.acceptLanguage] = language }
            var body = rawBody
            if let contentType { headers[.contentType] = contentType }
            if let form {
                headers[.contentType] = "application/x-www-form-urlencoded"
                body = ByteBuffer(string: form.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&"))
            }
            let response = try await client.call(method, path, headers: headers, body: body)
            for value in response.headers[values: .setCookie] {
                let pair = value.split(separator: ";")[0].split(separator: "=", maxSplits: 1)
                cookies[String(pair[0])] = pair.count > 1 ? String(pair[1]) : ""
            }
            return response
        }

        static func encode(_ text: String) -> String {
            text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
        }

        mutating func signIn(_ username: String, password: String = DemoData.password) async throws {
            let response = try await post("/signin", form: [("username", username), ("password", password)])
            #expect(response.status == .found)
            #expect(cookies["keruen_session"]?.isEmpty == false)
        }

        /// The CSRF token of the first form on a page.
        static func csrf(in html: String) -> String? {
            guard let range = html.range(of: #"name="csrf" value=""#) else { return nil }
            return String(html[range.upperBound...].prefix { $0 != "\"" })
        }
    }

    @Test(arguments: [("kk", "Жүйеге кіру"), ("ru", "Вход"), ("en", "Sign in")])
    func theSignInPageSpeaksTheBrowsersLanguage(language: String, title: String) async throws {
        try await withTestApp { client, _ in
            var browser = Browser(client: client, language: language)
            let page = try await browser.get("/signin")
            #expect(page.text.contains("<h1>\(title)</h1>"))
            #expect(page.text.contains(#"<html lang="\#(language)">"#))
        }
    }

    @Test func theLanguageSwitchIsRemembered() async throws {
        try await withTestApp { client, _ in
            var browser = Browser(client: client, language: "en")
            let switched = try await browser.get("/language/kk?back=%2Fsignin")
            #expect(switched.status == .found)
            #expect(switched.headers[.location] == "/signin")
            #expect(browser.cookies["keruen_lang"] == "kk")
            #expect(try await browser.get("/signin").text.contains("Жүйеге кіру"))
            #expect(try await browser.get("/language/ru?back=//evil.example").headers[.location] == "/")
            #expect(try await browser.get("/language/ru?back=/%5Cevil.example").headers[.location] == "/")
        }
    }

    @Test func aDeclarantFillsTheFormSubmitsAndSeesTheNumber() async throws {
        try await withTestApp { client, _ in
            var browser = Browser(client: client, language: "ru")
            try await browser.signIn("demo-declarant")
            let list = try await browser.get("/declarations")
            #expect(list.text.contains("Мои декларации"))
            let nothing = try await browser.get("/declarations?commodity=0101")
            #expect(nothing.text.contains("Деклараций не найдено."))
            #expect(!nothing.text.contains("<table"))
            let badDate = try await browser.get("/declarations?from=29.11.2026")
            #expect(badDate.text.contains("Зарегистрирована с: Неверный формат: ожидается дата ГГГГ-ММ-ДД."))
            #expect(list.text.contains("Altyn Trade LLP"))

            let blank = try await browser.get("/declarations/new")
            #expect(blank.text.contains(#"<select id="f/kind" name="/kind""#))
            #expect(blank.text.contains(#"<option value="55201010""#))
            #expect(blank.text.contains(#"<input id="f/items/0/commodityCode""#))
            let csrf = try #require(Browser.csrf(in: blank.text))
            var fields: [(String, String)] = [
                ("csrf", csrf), ("version", "0"), ("action", "save"),
                ("/kind", "IM"), ("/procedure", "40"), ("/officeCode", "55201010"),
                ("/declarant/identificationNumber", DemoData.traderBIN), ("/declarant/name", "Altyn Trade LLP"),
                ("/consignor/name", "Urumqi Trading"), ("/consignor/country", "cn"),
                ("/consignee/name", "Altyn Trade LLP"), ("/consignee/country", "KZ"),
                ("/transport/mode", "30"), ("/transport/identification", "777ABC02"),
                ("/invoiceCurrency", "USD"), ("/invoiceTotal", "1200,50"),
                ("/incoterms/code", "FCA"), ("/dispatchCountry", "CN"), ("/destinationCountry", "KZ"),
                ("/items/0/commodityCode", "8471300000"), ("/items/0/description", "Ноутбуки"), ("/items/0/originCountry", "CN"),
                ("/items/0/grossMass", "10"), ("/items/0/netMass", "12"), ("/items/0/invoiceValue", "1200.50"),
                ("/items/0/valuationMethod", "1"),
            ]
            // Net above gross: the draft is kept and the message appears beside the field.
            let saved = try await browser.post("/declarations/new", form: fields)
            #expect(saved.status == .seeOther)
            let edit = try #require(saved.headers[.location])
            let form = try await browser.get(edit)
            #expect(form.text.contains("Черновик сохранён"))
            #expect(form.text.contains("Вес нетто 12 кг больше веса брутто 10 кг"))

            fields = fields.map { $0.0 == "/items/0/netMass" ? ($0.0, "9.5") : $0 }
            fields = fields.map { $0.0 == "action" ? ($0.0, "submit") : $0 }
            fields = fields.map { $0.0 == "version" ? ($0.0, "1") : $0 }
            let path = String(edit.split(separator: "?")[0])
            let submitted = try await browser.post(path, form: fields)
            #expect(submitted.status == .seeOther)
            let detail = try await browser.get(try #require(submitted.headers[.location]))
            #expect(detail.text.contains("Зарегистрирована под номером 55201010/"))
            #expect(detail.text.contains("1200.50 USD"))
            #expect(detail.text.range(of: #"55201010/\d{6}/0000004"#, options: .regularExpression) != nil)
        }
    }

    @Test func formsWithoutTheCSRFTokenAreRefused() async throws {
        try await withTestApp { client, _ in
            var browser = Browser(client: client)
            try await browser.signIn("demo-declarant")
            let response = try await browser.post("/declarations/new", form: [("action", "save"), ("/kind", "IM")])
            #expect(response.status == .forbidden)
        }
    }

    @Test func aFormPostedAfterTheSessionExpiredIsSavedAfterSigningInAgain() async throws {
        try await withTestApp { client, dependencies in
            var browser = Browser(client: client, language: "en")
            let expired = try await browser.post("/declarations/new", form: [("action", "save"), ("/kind", "IM"), ("/procedure", "40"),
                                                                             ("/items/0/description", "Kept through sign-in")])
            #expect(expired.text.contains(#"name="resume""#))
            let resume = try #require(expired.text.range(of: #"name="resume" value=""#).map { String(expired.text[$0.upperBound...].prefix { $0 != "\"" }) })
            let signedIn = try await browser.post("/signin", form: [("username", "demo-declarant"), ("password", "demo"), ("resume", resume)])
            let target = try #require(signedIn.headers[.location])
            #expect(target.hasSuffix("/edit?saved=1"))
            #expect(try await browser.get(target).text.contains("Kept through sign-in"))
        }
    }

    @Test func anOfficerSeesHisOfficeQueue() async throws {
        try await withTestApp { client, _ in
            var browser = Browser(client: client, language: "kk")
            try await browser.signIn("demo-officer")
            let list = try await browser.get("/declarations")
            #expect(list.text.contains("Тіркелген декларациялар"))
            #expect(list.text.components(separatedBy: "55201010/").count - 1 == 3)
        }
    }
}
