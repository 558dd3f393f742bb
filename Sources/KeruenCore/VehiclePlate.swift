/// A licence plate as cameras and declarations are compared: upper case, letters and digits only, and
/// the Cyrillic letters that look like Latin ones (А, В, Е, К, М, Н, О, Р, С, Т, У, Х) read as Latin,
/// because a camera reads "А123ВС" and a declarant types "A123BC".
public enum VehiclePlate {
    public static func normalized(_ text: String) -> String {
        String(text.uppercased().compactMap { character -> Character? in
            if let latin = lookalikes[character] { return latin }
            return character.isLetter || character.isNumber ? character : nil
        })
    }

    private static let lookalikes: [Character: Character] = [
        "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C", "Т": "T", "У": "Y", "Х": "X",
    ]
}
