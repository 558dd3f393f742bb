extension Collection {
    /// The collection in consecutive slices of at most `size` elements: multi-row statements are kept under
    /// the databases' limits on bound values (SQLite 32,766; PostgreSQL 65,535).
    func chunked(into size: Int) -> [SubSequence] {
        precondition(size > 0)
        var chunks: [SubSequence] = [], start = startIndex
        while start != endIndex {
            let end = index(start, offsetBy: size, limitedBy: endIndex) ?? endIndex
            chunks.append(self[start..<end])
            start = end
        }
        return chunks
    }
}
