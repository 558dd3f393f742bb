import Foundation
import KeruenCore
import KeruenSignature
import KeruenStore

/// The demo data set of `keruen serve --demo`: companies, a broker's contract, the six demo users
/// (password `demo`) and declarations in every state. Loaded through the same workflows as real
/// data, so the audit chain covers it. Loading twice changes nothing.
public struct DemoData: Sendable {
    public static let password = "demo"
    public static let usernames = ["demo-declarant", "demo-broker", "demo-officer", "demo-examiner", "demo-supervisor", "demo-analyst", "demo-admin",
                                   "demo-controller", "demo-almaty", "demo-syrym", "demo-statistician"] + DemoTransit.devices

    public static let traderBIN = "050140001238"
    public static let brokerBIN = "060240004565"
    public static let representedBIN = "070340007892"
    public static let otherBIN = "080440003210"
    public static let officeCode = "55201010"

    let dependencies: AppDependencies
    /// Where the demo CA and the demo traders' certificates and keys are written for `keruen sign`; nowhere when nil.
    let pkiFolder: String?
    /// Whether to add the post in control (``liveControl``) and the transit corridor (``DemoTransit``): what a newcomer
    /// should see; most tests count on the smaller set.
    let livePost: Bool

    public init(dependencies: AppDependencies, pkiFolder: String? = nil, livePost: Bool = true) {
        self.dependencies = dependencies
        self.pkiFolder = pkiFolder
        self.livePost = livePost
    }

    /// Loads the demo data unless it is there already; answers whether it loaded anything.
    @discardableResult
    public func load() async throws -> Bool {
        if try await dependencies.store.read({ try await $0.users.find(username: "demo-admin") }) != nil { return false }
        let admin = AdminWorkflow(dependencies: dependencies)
        let companies = [
            Company(bin: Self.traderBIN, name: "Altyn Trade LLP", address: "Almaty, Dostyk Ave 52", aeoStatus: .none),
            Company(bin: Self.brokerBIN, name: "Khorgos Customs Broker LLP", address: "Zharkent, Tokash Bokin St 7", aeoStatus: .simplifications),
            Company(bin: Self.representedBIN, name: "Dala Foods JSC", address: "Astana, Mangilik El Ave 55", aeoStatus: .full),
            Company(bin: Self.otherBIN, name: "Steppe Machinery LLP", address: "Karaganda, Bukhar Zhyrau Ave 30", aeoStatus: .none),
        ]
        for company in companies { _ = try await admin.createCompany(company, actor: "demo") }
        _ = try await admin.createRepresentation(
            RepresentationContract(brokerBIN: Self.brokerBIN, declarantBIN: Self.representedBIN, contractNumber: "KCB-2026/014",
                                   validFrom: CustomsDay(year: 2026, month: 1, day: 1), validTo: CustomsDay(year: 2027, month: 12, day: 31)),
            actor: "demo")
        let users: [AdminWorkflow.NewUser] = [
            .init(username: "demo-declarant", password: Self.password, displayName: "Aigerim Nurlanovna (Altyn Trade)", iin: "850615300456",
                  roles: [.declarant], companyBIN: Self.traderBIN, language: .kk),
            .init(username: "demo-broker", password: Self.password, displayName: "Dmitry Sokolov (Khorgos Customs Broker)", iin: "900715400785",
                  roles: [.broker], companyBIN: Self.brokerBIN, language: .ru),
            .init(username: "demo-officer", password: Self.password, displayName: "Yerlan Abenov, inspector, Nur Zholy", iin: "780302300121",
                  roles: [.officer], officeCode: Self.officeCode, language: .ru),
            .init(username: "demo-examiner", password: Self.password, displayName: "Dana Seitkali, examiner, Nur Zholy", iin: "910405400127",
                  roles: [.officer], officeCode: Self.officeCode, language: .kk),
            .init(username: "demo-supervisor", password: Self.password, displayName: "Saule Temirbekova, head of Khorgos customs house",
                  iin: "811111400349", roles: [.supervisor], officeCode: "55201000", language: .kk),
            .init(username: "demo-analyst", password: Self.password, displayName: "Marat Zhunusov, risk analyst", roles: [.riskAnalyst], language: .en),
            .init(username: "demo-admin", password: Self.password, displayName: "Keruen administrator", roles: [.admin], language: .en),
            .init(username: "demo-statistician", password: Self.password, displayName: "Madina Sultanova, foreign-trade statistics", roles: [.statistician],
                  language: .ru),
            .init(username: "demo-controller", password: Self.password, displayName: "Asel Karimova, transit control centre", roles: [.controlCentre],
                  language: .ru),
            .init(username: "demo-almaty", password: Self.password, displayName: "Nurlan Ospanov, inspector, Almaty logistics centre",
                  roles: [.officer], officeCode: DemoTransit.transitOffice, language: .ru),
            .init(username: "demo-syrym", password: Self.password, displayName: "Gulnar Utegenova, inspector, Syrym",
                  roles: [.officer], officeCode: DemoTransit.destination, language: .kk),
        ] + DemoTransit.devices.map {
            .init(username: $0, password: Self.password, displayName: "Nur Zholy device \($0.dropFirst(8))", roles: [.device], officeCode: DemoTransit.departure,
                  language: .en)
        }
        var accounts: [String: UserAccount] = [:]
        for user in users { accounts[user.username] = try await admin.createUser(user, actor: "demo") }

        try await PaymentReferenceWorkflow(dependencies: dependencies).loadIllustrative(actor: "demo")
        let signers = try await makeSigners()
        let workflow = DeclarationWorkflow(dependencies: dependencies)
        let declarant = principal(accounts["demo-declarant"]!)
        let broker = principal(accounts["demo-broker"]!)
        func submit(_ draft: Declaration, by principal: Principal, signer: PayloadSigner) async throws {
            let signature = try signer.sign(try SigningPayload(draft).bytes, at: dependencies.clock())
            _ = try await workflow.submit(id: draft.id, expectedVersion: nil, principal: principal, idempotencyKey: nil, signature: signature)
        }
        try await loadRiskProfiles(analyst: principal(accounts["demo-analyst"]!), supervisor: principal(accounts["demo-supervisor"]!))
        // The demo officer on shift for a day from now, so that declarations routed to control are assigned to someone.
        let now = dependencies.clock()
        _ = try await ClearanceWorkflow(dependencies: dependencies).addShift(officer: "demo-officer", startsAt: now - 3600, endsAt: now + 23 * 3600,
                                                                            principal: principal(accounts["demo-supervisor"]!))
        for sample in DemoDeclarations.forTrader {
            try await submit(try await workflow.create(sample, principal: declarant, idempotencyKey: nil), by: declarant, signer: signers.declarant)
        }
        _ = try await workflow.create(DemoDeclarations.unfinishedDraft, principal: declarant, idempotencyKey: nil)
        let represented = try await workflow.create(DemoDeclarations.forRepresented, principal: broker, idempotencyKey: nil)
        try await submit(represented, by: broker, signer: signers.broker)
        // Money on the broker's advance account, and the invoice it filed paid from it, so that the portal shows both
        // (the trader's account is left empty: its invoices wait for payment).
        let payments = PaymentWorkflow(dependencies: dependencies)
        _ = try await payments.creditAccount(companyBIN: Self.brokerBIN, amount: Tenge(tiyn: 50_000_000_00), bankReference: "DEMO-0001", actor: "demo")
        _ = try await payments.payFromAccount(declarationID: represented.id, principal: broker)
        if livePost {
            try await liveControl(declarant: declarant, signer: signers.declarant, officer: principal(accounts["demo-officer"]!), submit: submit)
            try await DemoTransit(dependencies: dependencies).load(
                trader: declarant, officers: (principal(accounts["demo-officer"]!), principal(accounts["demo-almaty"]!), principal(accounts["demo-syrym"]!)),
                controller: principal(accounts["demo-controller"]!))
        }
        return true
    }

    /// Declarations at the demo post in every stage of control, so that the officer's queue, the board and
    /// the trader's timeline show a live post: documents requested and awaited, an examination ordered, one
    /// that found undeclared goods (waiting for the supervisor), one released by the officer, one refused.
    private func liveControl(declarant: Principal, signer: PayloadSigner, officer: Principal,
                             submit: (Declaration, Principal, PayloadSigner) async throws -> Void) async throws {
        let workflow = DeclarationWorkflow(dependencies: dependencies), control = ControlWorkflow(dependencies: dependencies)
        func registered(_ content: DeclarationContent) async throws -> String {
            let draft = try await workflow.create(content, principal: declarant, idempotencyKey: nil)
            try await submit(draft, declarant, signer)
            return draft.id
        }
        let carParts = DemoDeclarations.importFromChina(itemCount: 1, variant: 7)  // yellow: no certificate of conformity
        let cheapCitrus = DemoDeclarations.cheapCitrus  // red: citrus below 1.20 USD/kg
        let waiting = try await registered(carParts)
        _ = try await control.requestDocuments(declarationID: waiting, text: "Please send the certificate of conformity (01401) for the car body parts.",
                                               principal: officer)
        let examined = try await registered(cheapCitrus)
        _ = try await control.orderExamination(declarationID: examined, .init(type: .fullExamination, scope: "All packages; weigh the consignment",
                                                                             place: "Nur Zholy, inspection bay 2", examiner: "demo-examiner"), principal: officer)
        let violation = try await registered(cheapCitrus)
        let order = try await control.orderExamination(declarationID: violation, .init(type: .scan, scope: "Container, whole load", place: "Nur Zholy scanner",
                                                                                      examiner: nil), principal: officer)
        _ = try await control.recordExamination(declarationID: violation, examinationID: order.id, Examination.Result(
            outcome: .violation, violationKind: .quantity, findings: "Scan image shows 24 pallets; 20 declared.", sealsApplied: ["KZ 5520 0117"],
            sealsRemoved: ["CN 7730 2291"], attachments: [], conclusion: "Four undeclared pallets of oranges; release needs the supervisor.",
            recordedBy: officer.username, recordedAt: dependencies.clock()), principal: officer)
        let payments = PaymentWorkflow(dependencies: dependencies)
        for decision in [OfficerDecision.release, .refuseRelease] {
            let id = try await registered(carParts)
            if decision == .release, let invoice = try await dependencies.store.read({ try await $0.invoices.find(declarationID: id) }) {
                _ = try await payments.recordBankTransfer(invoiceReference: invoice.reference, amount: invoice.due,
                                                          bankReference: "DEMO-PP-\(invoice.reference)", actor: "demo")
            }
            _ = try await workflow.decideWithServerHeldKey(id: id, decision: decision, reasons: decision == .release ? [] : [
                "No certificate of conformity (TR CU 018/2011) was presented.",
            ], expectedVersion: nil, principal: officer)
        }
    }

    /// Two profiles in force, written by the demo analyst and approved by the supervisor, that the demo's
    /// declarations meet (so a newcomer sees red and yellow with their reasons), and one waiting for approval.
    private func loadRiskProfiles(analyst: Principal, supervisor: Principal) async throws {
        let risk = RiskWorkflow(dependencies: dependencies)
        let since = CustomsDay(year: 2025, month: 1, day: 1)
        func condition(_ json: String) throws -> RiskCondition { try JSONDecoder().decode(RiskCondition.self, from: Data(json.utf8)) }
        let profiles: [(String, RiskWorkflow.Draft, Bool)] = [
            ("RP-DEMO-CITRUS", RiskWorkflow.Draft(
                title: "Citrus fruit declared below 1.20 USD a kilogram",
                rationale: "Mirror statistics of the exporting countries show citrus at 1.20–1.60 USD/kg; lower values suggest undervaluation.",
                condition: try condition(#"{"all":[{"field":"commodityCode","startsWith":["0805"]},{"field":"valuePerKg","below":1.2}]}"#),
                measure: RiskMeasure(channel: .red, examination: .fullExamination, instruction: "Weigh the consignment and compare the invoice with the contract and the payment."),
                priority: 70, offices: [], validFrom: since, validTo: nil), true),
            ("RP-DEMO-CAR-PARTS", RiskWorkflow.Draft(
                title: "Car body parts by road without a certificate of conformity",
                rationale: "Technical regulation TR CU 018/2011: body parts need a certificate (01401); road imports often lack it.",
                condition: try condition(#"{"all":[{"field":"commodityCode","startsWith":["8708"]},{"field":"transportMode","in":["30"]},{"field":"documents","lacks":"01401"}]}"#),
                measure: RiskMeasure(channel: .yellow, examination: .documents, instruction: "Ask for the certificate of conformity (01401)."),
                priority: 50, offices: [], validFrom: since, validTo: nil), true),
            ("RP-DEMO-PHONES", RiskWorkflow.Draft(
                title: "Smartphones below 500 USD a kilogram",
                rationale: "Grey imports of handsets are declared at a fraction of their value.",
                condition: try condition(#"{"all":[{"field":"commodityCode","startsWith":["851713"]},{"field":"valuePerKg","below":500}]}"#),
                measure: RiskMeasure(channel: .yellow, examination: .documents, instruction: "Check the invoice against the price lists."),
                priority: 60, offices: [], validFrom: since, validTo: nil), false),
        ]
        for (id, draft, approve) in profiles {
            _ = try await risk.save(id: id, draft: draft, isNew: true, principal: analyst)
            if approve { _ = try await risk.approve(id: id, version: 1, principal: supervisor) }
        }
    }

    /// The demo CA, trusted as an anchor, and certificates for the demo declarant and broker (as the
    /// national CA would issue them); written to `pkiFolder` for `keruen sign`.
    private func makeSigners() async throws -> (declarant: PayloadSigner, broker: PayloadSigner) {
        let authority = try CertificateAuthority.make(validFrom: dependencies.clock().addingTimeInterval(-3600))
        _ = try await TrustWorkflow(dependencies: dependencies).addAnchor(try authority.certificate.pemText, actor: "demo")
        let declarant = try authority.issue(commonName: "Aigerim Nurlanovna", iin: "850615300456", bin: Self.traderBIN,
                                            validFrom: dependencies.clock().addingTimeInterval(-3600))
        let broker = try authority.issue(commonName: "Dmitry Sokolov", iin: "900715400785", bin: Self.brokerBIN,
                                         validFrom: dependencies.clock().addingTimeInterval(-3600))
        if let pkiFolder {
            try FileManager.default.createDirectory(atPath: pkiFolder, withIntermediateDirectories: true)
            func write(_ name: String, _ text: String, private: Bool = false) throws {
                FileManager.default.createFile(atPath: "\(pkiFolder)/\(name)", contents: Data(text.utf8),
                                               attributes: [.posixPermissions: `private` ? 0o600 : 0o644])
            }
            try write("demo-ca.pem", try authority.certificate.pemText)
            for (name, signer) in [("demo-declarant", declarant), ("demo-broker", broker)] {
                try write("\(name).pem", try signer.certificate.pemText)
                try write("\(name).key", try signer.privateKey.serializeAsPEM().pemString, private: true)
            }
        }
        return (declarant, broker)
    }

    private func principal(_ user: UserAccount) -> Principal {
        Principal(userID: user.id, username: user.username, roles: user.roles, companyBIN: user.companyBIN, officeCode: user.officeCode)
    }
}

/// Realistic declarations for the demo and the load generator.
public enum DemoDeclarations {
    static let consignor = Party(name: "Xinjiang Silk Road Trading Co., Ltd.", country: "CN", address: "Urumqi, Xinjiang")

    /// An import of `itemCount` items from China through Nur Zholy, invoice in USD, totals consistent.
    public static func importFromChina(declarantBIN: String = DemoData.traderBIN, declarantName: String = "Altyn Trade LLP",
                                       officeCode: String = DemoData.officeCode, itemCount: Int = 10, variant: Int = 0) -> DeclarationContent {
        let goods: [(String, String, Decimal, Decimal, Decimal?, String?, Decimal)] = [
            ("8471300000", "Laptops, 14-inch, 16 GB RAM", 420, 380, 200, "796", 96000),
            ("6403990000", "Leather footwear, men's", 860, 790, 1200, "715", 30600),
            ("8517130000", "Smartphones", 150, 120, 600, "796", 180000),
            ("6110200000", "Cotton jerseys, knitted", 1200, 1100, 4000, "796", 22000),
            ("9403600000", "Wooden office furniture", 3400, 3100, nil, nil, 18500),
            ("8516500000", "Microwave ovens", 2100, 1900, 300, "796", 21000),
            ("3926909709", "Plastic packaging articles", 900, 850, nil, nil, 4300),
            ("8708299009", "Car body parts", 2600, 2450, nil, nil, 27500),
            ("6402990000", "Rubber footwear", 700, 640, 1500, "715", 9800),
            ("8528720000", "LED television sets, 55-inch", 1800, 1500, 120, "796", 42000),
        ]
        let items = (0..<itemCount).map { index -> GoodsItem in
            let g = goods[(index + variant) % goods.count]
            return GoodsItem(commodityCode: g.0, description: g.1, originCountry: "CN", grossMass: g.2, netMass: g.3,
                             supplementaryQuantity: g.4, supplementaryUnit: g.5, invoiceValue: g.6, valuationMethod: 1)
        }
        return DeclarationContent(
            kind: .import, procedure: "40", officeCode: officeCode,
            declarant: Party(identificationNumber: declarantBIN, name: declarantName, country: "KZ", address: "Almaty"),
            consignor: consignor,
            consignee: Party(identificationNumber: declarantBIN, name: declarantName, country: "KZ"),
            transport: Transport(mode: "30", identification: "777ABC02", nationality: "KZ"),
            invoiceCurrency: "USD", invoiceTotal: items.compactMap(\.invoiceValue).reduce(0, +),
            incoterms: Incoterms(code: "FCA", place: "Khorgos"), dispatchCountry: "CN", destinationCountry: "KZ", items: items)
    }

    static var forTrader: [DeclarationContent] {
        [importFromChina(itemCount: 3), importFromChina(itemCount: 5, variant: 3), importFromChina(itemCount: 2, variant: 7)]
    }

    /// Oranges declared at 0.60 USD a kilogram: the demo's citrus profile sends them to the red channel.
    static var cheapCitrus: DeclarationContent {
        var content = importFromChina(itemCount: 1)
        content.items = [GoodsItem(commodityCode: "0805100000", description: "Fresh oranges", originCountry: "EG", grossMass: 21000, netMass: 20000,
                                   invoiceValue: "12000.00".decimal, valuationMethod: 1)]
        content.invoiceTotal = "12000.00".decimal
        return content
    }

    static var unfinishedDraft: DeclarationContent {
        var draft = importFromChina(itemCount: 2, variant: 1)
        draft.invoiceTotal = nil
        draft.items[1].netMass = nil
        draft.transport = nil
        return draft
    }

    static var forRepresented: DeclarationContent {
        let items = [
            GoodsItem(commodityCode: "0805100000", description: "Fresh oranges", originCountry: "EG", grossMass: 21000, netMass: 20000,
                      invoiceValue: "17500.00".decimal, valuationMethod: 1),
            GoodsItem(commodityCode: "0805290000", description: "Fresh mandarins", originCountry: "CN", grossMass: 5200, netMass: 5000,
                      invoiceValue: "6250.50".decimal, valuationMethod: 1),
        ]
        return DeclarationContent(
            kind: .import, procedure: "40", officeCode: "55202020",
            declarant: Party(identificationNumber: DemoData.representedBIN, name: "Dala Foods JSC", country: "KZ"),
            consignor: Party(name: "Hebei Fresh Fruit Co.", country: "CN"),
            consignee: Party(identificationNumber: DemoData.representedBIN, name: "Dala Foods JSC", country: "KZ"),
            transport: Transport(mode: "30", identification: "A123BC05", nationality: "KZ"),
            invoiceCurrency: "USD", invoiceTotal: "23750.50".decimal, incoterms: Incoterms(code: "DAP", place: "Dostyk"),
            dispatchCountry: "CN", destinationCountry: "KZ", items: items)
    }
}

extension String {
    /// A decimal literal written as text, exactly.
    var decimal: Decimal { DecimalText.parse(self)! }
}
