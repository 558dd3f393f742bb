import Foundation

/// Charts drawn by the server as SVG, so that pages need no script: a line chart of series over labelled
/// points (with an optional limit drawn across) and a bar chart. Text is escaped; sizes are in user units.
enum SVGChart {
    struct Series {
        var name: String
        /// A class the stylesheet colours (`series-a`, `series-b`).
        var style: String
        var values: [Double]
    }

    static let width = 720.0, height = 260.0
    private static let left = 56.0, right = 16.0, top = 16.0, bottom = 40.0

    /// Lines over `labels` (one point per label); the vertical axis from 0 to the largest value or the limit.
    static func lines(title: String, labels: [String], series: [Series], limit: (value: Double, label: String)?, unit: String) -> String {
        let top = max(series.flatMap(\.values).max() ?? 0, limit?.value ?? 0, 1) * 1.1
        let plotWidth = width - left - right, plotHeight = height - Self.top - bottom
        func x(_ index: Int) -> Double { left + (labels.count <= 1 ? plotWidth / 2 : plotWidth * Double(index) / Double(labels.count - 1)) }
        func y(_ value: Double) -> Double { Self.top + plotHeight * (1 - value / top) }
        var svg = open(title)
        for step in 0...4 {
            let value = top * Double(step) / 4
            svg += #"<line class="grid" x1="\#(left)" x2="\#(width - right)" y1="\#(y(value))" y2="\#(y(value))"/>"#
            svg += #"<text class="axis" x="\#(left - 6)" y="\#(y(value) + 4)" text-anchor="end">\#(String(format: "%.1f", value))</text>"#
        }
        // The unit above the plot, clear of the top value's label.
        svg += #"<text class="axis" x="\#(left + 4)" y="\#(Self.top - 4)">\#(escape(unit))</text>"#
        // About eight labels; the last one too unless it would run into the one before it.
        let every = max(1, labels.count / 8), last = labels.count - 1
        for (index, label) in labels.enumerated() where index % every == 0 || (index == last && last % every > every / 2) {
            svg += #"<text class="axis" x="\#(x(index))" y="\#(height - bottom + 16)" text-anchor="middle">\#(escape(label))</text>"#
        }
        if let limit {
            svg += #"<line class="limit" x1="\#(left)" x2="\#(width - right)" y1="\#(y(limit.value))" y2="\#(y(limit.value))"/>"#
            svg += #"<text class="limit" x="\#(width - right)" y="\#(y(limit.value) - 4)" text-anchor="end">\#(escape(limit.label))</text>"#
        }
        for (number, line) in series.enumerated() {
            let points = line.values.enumerated().map { "\(x($0.offset)),\(y($0.element))" }.joined(separator: " ")
            svg += #"<polyline class="\#(line.style)" fill="none" points="\#(points)"/>"#
            for (index, value) in line.values.enumerated() {
                svg += #"<circle class="\#(line.style)" cx="\#(x(index))" cy="\#(y(value))" r="3"><title>\#(escape(labels[index])): \#(String(format: "%.2f", value))</title></circle>"#
            }
            svg += #"<text class="\#(line.style)" x="\#(left + 8 + 160 * Double(number))" y="\#(height - 6)">■ \#(escape(line.name))</text>"#
        }
        return svg + "</svg>"
    }

    /// One bar per label, values from 0 to `maximum`, each bar labelled with its `text`.
    static func bars(title: String, bars: [(label: String, value: Double, text: String, style: String)], maximum: Double) -> String {
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        let slot = plotWidth / Double(max(bars.count, 1))
        var svg = open(title)
        svg += #"<line class="grid" x1="\#(left)" x2="\#(width - right)" y1="\#(top + plotHeight)" y2="\#(top + plotHeight)"/>"#
        for (index, bar) in bars.enumerated() {
            let barHeight = plotHeight * min(max(bar.value / max(maximum, .leastNonzeroMagnitude), 0), 1)
            let x = left + slot * Double(index) + slot * 0.2
            svg += #"<rect class="\#(bar.style)" x="\#(x)" y="\#(top + plotHeight - barHeight)" width="\#(slot * 0.6)" height="\#(barHeight)"><title>\#(escape(bar.label)): \#(escape(bar.text))</title></rect>"#
            svg += #"<text class="value" x="\#(x + slot * 0.3)" y="\#(top + plotHeight - barHeight - 4)" text-anchor="middle">\#(escape(bar.text))</text>"#
            svg += #"<text class="axis" x="\#(x + slot * 0.3)" y="\#(height - bottom + 16)" text-anchor="middle">\#(escape(bar.label))</text>"#
        }
        return svg + "</svg>"
    }

    private static func open(_ title: String) -> String {
        #"<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \#(Int(width)) \#(Int(height))" role="img" aria-label="\#(escape(title))"><title>\#(escape(title))</title>"#
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
