import Foundation
import KeruenCore
import Testing
@testable import KeruenReference

struct PartnerTradeFileTests {
    static let header = "typeCode,freqCode,period,reporterCode,reporterISO,reporterDesc,flowCode,partnerCode,partnerISO,partnerDesc,cmdCode,cmdDesc,netWgt,primaryValue"

    /// China's exports to Kazakhstan in the UN Comtrade layout: years and months, HS levels, a missing mass.
    @Test func aComtradeFileIsReadInOurCodesAndExactUnits() throws {
        let text = Self.header + "\n" + [
            "C,A,2025,156,CHN,China,X,398,KAZ,Kazakhstan,8471,Computers,520.5,150000.25",
            "C,M,202503,156,CHN,China,X,398,KAZ,Kazakhstan,6403,Footwear,,30000",
            "C,A,2025,156,CHN,China,M,398,KAZ,Kazakhstan,TOTAL,All,,1000000",
        ].joined(separator: "\n")
        let figures = try PartnerTradeFile.parse(text, countries: try ReferenceData.bundled().countries).get()
        #expect(figures == [
            PartnerTradeFigure(reporter: "CN", partner: "KZ", period: "2025", flow: .export, code: "8471", valueUSDCents: 15_000_025, netMassGrams: 520_500),
            PartnerTradeFigure(reporter: "CN", partner: "KZ", period: "2025-03", flow: .export, code: "6403", valueUSDCents: 3_000_000, netMassGrams: nil),
            PartnerTradeFigure(reporter: "CN", partner: "KZ", period: "2025", flow: .import, code: "TOTAL", valueUSDCents: 100_000_000, netMassGrams: nil),
        ])
    }

    /// A file with bad lines is refused whole, each bad line named with its reason.
    @Test func aBadFileIsRefusedWholeWithEveryBadLine() throws {
        let text = Self.header + "\n" + [
            "C,A,2025,156,CHN,China,X,398,KAZ,Kazakhstan,8471,Computers,520,150000",
            "C,A,2025,156,XYZ,Nowhere,X,398,KAZ,Kazakhstan,8471,Computers,520,150000",
            "C,A,2025,156,CHN,China,R,398,KAZ,Kazakhstan,8471,Computers,520,150000",
            "C,A,20251,156,CHN,China,X,398,KAZ,Kazakhstan,8471,Computers,520,150000",
            "C,A,2025,156,CHN,China,X,398,KAZ,Kazakhstan,847,Computers,520,150000",
            "C,A,2025,156,CHN,China,X,398,KAZ,Kazakhstan,6403,Footwear,heavy,-5",
            "C,A,2025,156,CHN,China,X,398,KAZ,Kazakhstan,8471,Computers again,1,1",
        ].joined(separator: "\n")
        guard case .failure(let refused) = PartnerTradeFile.parse(text, countries: try ReferenceData.bundled().countries) else {
            Issue.record("a bad file was read"); return
        }
        #expect(refused.refusals.map(\.line) == [3, 4, 5, 6, 7, 8])
        #expect(refused.refusals[0].reason == "unknown reporterISO XYZ" && refused.refusals[5].reason.hasPrefix("a second line for CN KZ 2025 X 8471"))
        guard case .failure(let missing) = PartnerTradeFile.parse("period,reporterISO\n2025,CHN", countries: [:]) else { Issue.record("read"); return }
        #expect(missing.refusals == [.init(line: 1, reason: "missing columns: partnerISO, flowCode, cmdCode, primaryValue")])
    }
}
