/// A licence plate as cameras and declarations are compared: upper case, letters and digits only, and
/// the Cyrillic letters that look like Latin ones (А, В, Е, К, М, Н, О, Р, С, Т, У, Х) read as Latin,
/// because a camera reads "А123ВС" and a declarant types "A123BC".
public enum VehiclePlate {
    public static func normalized(_ text: String) -> String {
        // Most plates arrive as ASCII (cameras, brokers' software): kept letters and digits, upper-cased, byte by byte.
        // Why: Character's Unicode properties cost 15 % of a device batch's ingestion.
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(text.utf8.count)
            for byte in text.utf8 {
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "A")...UInt8(ascii: "Z"): bytes.append(byte)
                case UInt8(ascii: "a")...UInt8(ascii: "z"): bytes.append(byte - 32)
                default: break
                }
            }
            return String(decoding: bytes, as: UTF8.self)
        }
        return String(text.uppercased().compactMap { character -> Character? in
            if let latin = lookalikes[character] { return latin }
            return character.isLetter || character.isNumber ? character : nil
        })
    }

    private static let lookalikes: [Character: Character] = [
        "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C", "Т": "T", "У": "Y", "Х": "X",
    ]
}
