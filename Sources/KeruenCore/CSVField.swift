/// A field of a CSV file we write (RFC 4180): quoted when it holds a comma, quote or line break, its quotes doubled.
public enum CSVField {
    public static func escaped(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
