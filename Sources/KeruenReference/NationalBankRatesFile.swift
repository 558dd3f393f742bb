import Foundation
import KeruenCore
#if canImport(FoundationXML)
import FoundationXML
#endif

/// The National Bank of Kazakhstan's daily rates as it publishes them (`<rates><date>31.07.2026</date>
/// <item><title>USD</title><description>474.2</description><quant>1</quant>…`), read whole or refused
/// whole: a file that is not well-formed XML, names a currency twice, or has a rate or quant that is
/// not a positive number is refused with its line and reason.
public enum NationalBankRatesFile {
    public struct Refusal: Error, Equatable, CustomStringConvertible {
        public let line: Int
        public let reason: String
        public var description: String { "line \(line): \(reason)" }
    }

    /// The demo data set's rates (illustrative values in the Bank's format).
    public static func illustrative() throws -> [ExchangeRate] {
        guard let url = Bundle.module.url(forResource: "Data/illustrative-rates", withExtension: "xml") else {
            throw ReferenceData.LoadError.missingResource("illustrative-rates.xml")
        }
        return try parse(Data(contentsOf: url)).get()
    }

    public static func parse(_ data: Data) -> Result<[ExchangeRate], Refusal> {
        let reader = Reader()
        let parser = XMLParser(data: data)
        parser.delegate = reader
        guard parser.parse() else {
            return .failure(reader.refusal ?? Refusal(line: parser.lineNumber, reason: "not well-formed XML: \(parser.parserError.map { "\($0)" } ?? "unknown error")"))
        }
        if let refusal = reader.refusal { return .failure(refusal) }
        // libxml2 as Foundation drives it on Linux accepts a file that stops short, so count the elements closed.
        guard reader.depth == 0, reader.sawRoot else {
            return .failure(Refusal(line: parser.lineNumber, reason: "not well-formed XML: the file ends before </rates>"))
        }
        guard let day = reader.day else { return .failure(Refusal(line: 1, reason: "no <date> DD.MM.YYYY")) }
        var rates: [ExchangeRate] = []
        var seen: Set<String> = []
        for item in reader.items {
            guard let currency = item.fields["title"], currency.count == 3, currency.allSatisfy({ $0.isUppercase && $0.isASCII }) else {
                return .failure(Refusal(line: item.line, reason: "the item has no currency code in <title>"))
            }
            guard seen.insert(currency).inserted else { return .failure(Refusal(line: item.line, reason: "\(currency) appears twice")) }
            guard let text = item.fields["description"], let price = DecimalText.stored(text), price > 0 else {
                return .failure(Refusal(line: item.line, reason: "the rate of \(currency) (\(item.fields["description"] ?? "none")) is not a positive number"))
            }
            guard let quant = Int(item.fields["quant"] ?? "1"), quant > 0 else {
                return .failure(Refusal(line: item.line, reason: "the quant of \(currency) (\(item.fields["quant"] ?? "")) is not a positive whole number"))
            }
            rates.append(ExchangeRate(currency: currency, day: day, price: price, quant: quant))
        }
        return .success(rates)
    }

    private final class Reader: NSObject, XMLParserDelegate {
        struct Item {
            let line: Int
            var fields: [String: String] = [:]
        }

        var day: CustomsDay?
        var items: [Item] = []
        var refusal: Refusal?
        var depth = 0
        var sawRoot = false
        private var current: Item?
        private var text = ""

        func parser(_ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
            text = ""
            depth += 1
            if depth == 1 { sawRoot = element == "rates" }
            if element == "item" { current = Item(line: parser.lineNumber) }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

        func parser(_ parser: XMLParser, didEndElement element: String, namespaceURI: String?, qualifiedName: String?) {
            let value = text.trimmingCharacters(in: .whitespacesAndNewlines)
            depth -= 1
            if element == "item", let item = current {
                items.append(item)
                current = nil
            } else if current != nil {
                current?.fields[element] = value
            } else if element == "date" {
                let parts = value.split(separator: ".")
                guard parts.count == 3, let parsed = CustomsDay(iso: "\(parts[2])-\(parts[1])-\(parts[0])") else {
                    refusal = Refusal(line: parser.lineNumber, reason: "<date> \(value) is not DD.MM.YYYY")
                    parser.abortParsing()
                    return
                }
                day = parsed
            }
            text = ""
        }
    }
}
