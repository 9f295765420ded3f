import TShellPath
import Testing

/// Runs `query` on `document` both as a parsed document and as a value, checks that the two
/// agree, and returns the selected values as compact JSON texts.
func select(_ query: String, in document: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String] {
  let path = try JSONPath(query)
  let parsed = try JSONDocument(parsing: document)
  let fromDocument = path.select(in: parsed).map { JSONPrinter.string(parsed.value($0)) }
  let fromValue = path.select(in: try JSONValue(parsing: document)).map { JSONPrinter.string($0) }
  #expect(fromDocument == fromValue, "document and value evaluation differ for \(query)", sourceLocation: sourceLocation)
  return fromDocument
}

/// The normalized paths `query` selects from `document`, checked the same two ways.
func paths(_ query: String, in document: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String] {
  let path = try JSONPath(query)
  let parsed = try JSONDocument(parsing: document)
  var fromDocument: [String] = []
  path.forEachNode(in: parsed, paths: true) { _, normalized in
    fromDocument.append(normalized ?? "")
    return true
  }
  let fromValue = path.selectWithPaths(in: try JSONValue(parsing: document)).map(\.path)
  #expect(fromDocument == fromValue, sourceLocation: sourceLocation)
  return fromDocument
}

/// A test case: a query and the compact JSON of each value it selects.
struct QueryCase: Sendable, CustomStringConvertible {
  var query: String
  var expected: [String]
  init(_ query: String, _ expected: [String]) {
    self.query = query
    self.expected = expected
  }
  var description: String { query }
}
