/// A TIR carnet, the guarantee of a TIR transport, as its number is printed on it: the two letters of
/// its series and eight digits (spaces ignored, e.g. "XE 12345678").
public enum TIRCarnet {
    /// The number in its stored form (upper case, no spaces), or nil if it is not a carnet number.
    public static func normalized(_ text: String) -> String? {
        let compact = text.uppercased().filter { $0 != " " }
        let bytes = Array(compact.utf8)
        guard bytes.count == 10, bytes[..<2].allSatisfy({ (65...90).contains($0) }), bytes[2...].allSatisfy({ (48...57).contains($0) }) else {
            return nil
        }
        return compact
    }
}
