import CSV
import Foundation

/// CSV (RFC 4180) through the CSV.swift library: quoting, CRLF and a byte order mark accepted.
/// Every field is a string.
extension BuiltinRegistry {
  static let csv: [Builtin] = [
    Builtin(
      name: "csv", group: "data",
      summary: "CSV text as objects keyed by the header row (--no-header: arrays of fields); every field a string",
      usage: "csv(text) [--no-header]", example: "\"name,tier\\nann,free\\n\" | csv", arity: 1...1, input: .firstArgument,
      booleanFlags: ["no-header"]
    ) { context in
      var text = try context.string(0, "text")
      if text.unicodeScalars.first == "\u{FEFF}" { text = String(text.unicodeScalars.dropFirst()) }
      guard !text.isEmpty else { return .array([]) }
      if let problem = CSVQuoting.problem(in: text) { throw context.fail("csv: \(problem)") }
      let header = !context.flag("no-header")
      let reader: CSVReader
      do {
        reader = try CSVReader(string: text, hasHeaderRow: header)
      } catch {
        throw context.fail("csv: the header row cannot be read")
      }
      let names = reader.headerRow ?? []
      var rows: [JSONValue] = []
      // Rows are counted in lines: a quoted field may hold line ends of its own.
      var line = header ? 2 + names.reduce(0) { $0 + newlines(in: $1) } : 1
      while let fields = reader.next() {
        if header {
          guard fields.count == names.count else {
            throw context.fail("csv: line \(line) has \(fields.count) fields, the header has \(names.count)")
          }
          rows.append(.object(JSONObject(distinctMembers: zip(names, fields.map(JSONValue.string)).map { ($0, $1) })))
        } else {
          rows.append(.array(fields.map(JSONValue.string)))
        }
        line += 1 + fields.reduce(0) { $0 + newlines(in: $1) }
      }
      if let error = reader.error { throw context.fail("csv: \(error)") }
      return .array(rows)
    },
    Builtin(
      name: "to_csv", group: "data",
      summary: "objects (a header from their first-seen keys) or arrays as CSV text, LF line ends",
      usage: "to_csv(rows)", example: "[{name: \"ann\", note: \"a, b\"}] | to_csv", arity: 1...1, input: .firstArgument
    ) { context in
      let rows = try context.array(0, "rows")
      var lines: [[String]] = []
      var columns: [String] = []
      if rows.allSatisfy({ $0.objectValue != nil }) {
        for row in rows { for key in row.objectValue?.keys ?? [] where !columns.contains(key) { columns.append(key) } }
        if !columns.isEmpty { lines.append(columns) }
        lines += rows.map { row in columns.map { row[$0].map(field) ?? "" } }
      } else if let arrays = Optional(rows.compactMap(\.arrayValue)), arrays.count == rows.count {
        lines = arrays.map { $0.map(field) }
      } else {
        throw context.fail("to_csv's rows must be all objects or all arrays")
      }
      let stream = OutputStream(toMemory: ())
      do {
        let writer = try CSVWriter(stream: stream)
        for line in lines { try writer.write(row: line) }
        writer.stream.close()
      } catch {
        throw context.fail("to_csv: \(error)")
      }
      let data = stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data ?? Data()
      let text = String(decoding: data, as: UTF8.self)
      return .string(text.isEmpty ? "" : text + "\n")
    },
  ]

  private static func field(_ value: JSONValue) -> String {
    switch value {
    case .string(let text): return text
    case .null: return ""
    default: return JSONPrinter.string(value)
    }
  }

  private static func newlines(in field: String) -> Int {
    field.unicodeScalars.reduce(0) { $0 + ($1 == "\n" ? 1 : 0) }
  }
}
