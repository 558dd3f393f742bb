extension StringProtocol {
    /// The text without leading and trailing spaces and tabs. Foundation's `trimmingCharacters(in:)`
    /// goes through NSString and showed up in profiles of every request; headers and numbers only
    /// ever need these two characters trimmed.
    public func trimmingSpaces() -> SubSequence {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return self[endIndex...] }
        return self[first...last]
    }
}
