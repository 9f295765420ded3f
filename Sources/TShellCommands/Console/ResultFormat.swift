import TShellJSON
import TShellLanguage

/// How top-level values are printed: pretty by default (coloured on a terminal without
/// `NO_COLOR`), `--compact`, `--raw` strings, `--ndjson` (one value per line, arrays spread), or
/// `--table` (an array of objects as aligned columns). A `token` member prints as `"***"`
/// wherever it is, so that output shown or logged holds no bearer token.
public struct ResultFormat: Sendable {
  public enum Style: Sendable {
    case pretty, compact, raw, ndjson, table
  }

  public var style: Style
  public var colors: Bool

  public init(style: Style, colors: Bool) {
    self.style = style
    self.colors = colors
  }

  public func render(_ value: JSONValue) -> [UInt8] {
    switch style {
    case .ndjson:
      var printer = JSONPrinter(format: JSONFormat(layout: .compact, masksTokens: true))
      let elements: [JSONValue]
      if case .array(let items) = value { elements = items } else { elements = [value] }
      for element in elements {
        printer.write(element)
        printer.output.append(0x0A)
      }
      return printer.output
    case .table:
      if case .array(let rows) = value, let text = Table.render(rows, colors: colors) { return Array(text.utf8) }
      return ResultFormat(style: .pretty, colors: colors).render(value)
    case .pretty, .compact, .raw:
      let layout: JSONFormat.Layout = style == .compact ? .compact : .pretty
      var printer = JSONPrinter(format: JSONFormat(layout: layout, colors: colors, rawStrings: style == .raw, masksTokens: true))
      printer.write(value)
      printer.output.append(0x0A)
      return printer.output
    }
  }
}
