import TShellJSON
import Testing

@Suite("JSON parser: valid documents")
struct JSONParserValidTests {
  @Test(
    arguments: [
      ("null", JSONValue.null),
      ("true", .bool(true)),
      (" false ", .bool(false)),
      ("0", .int(0)),
      ("-0", .int(0)),
      ("42", .int(42)),
      ("-17", .int(-17)),
      ("1.5", .double(1.5)),
      ("-2.5e3", .double(-2500)),
      ("1E2", .double(100)),
      ("\"\"", .string("")),
      ("\"a\\\"b\"", .string("a\"b")),
      ("\"\\\\ \\/ \\b \\f \\n \\r \\t\"", .string("\\ / \u{08} \u{0C} \n \r \t")),
      ("\"\\u00e9\\u00E9\"", .string("éé")),
      ("\"\\ud83d\\ude00\"", .string("😀")),
      ("\"😀 é 中\"", .string("😀 é 中")),
      ("[]", .array([])),
      ("{}", .object(JSONObject())),
      ("[1, [2, [3]]]", [1, [2, [3]]]),
      ("{\"a\": {\"b\": [true, null]}}", ["a": ["b": [true, nil]]]),
      ("\u{FEFF}[1]", [1]),
      (" \t\r\n[ 1 , 2 ]\n", [1, 2]),
    ] as [(String, JSONValue)])
  func parses(text: String, expected: JSONValue) throws {
    #expect(try JSONValue(parsing: text) == expected)
  }

  @Test func keepsMemberOrder() throws {
    let value = try JSONValue(parsing: #"{"z": 1, "a": 2, "m": 3}"#)
    #expect(value.objectValue?.keys == ["z", "a", "m"])
  }

  @Test func duplicateKeysLastValueWinsAtFirstPlace() throws {
    let value = try JSONValue(parsing: #"{"a": 1, "b": 2, "a": 3}"#)
    #expect(value.objectValue?.keys == ["a", "b"])
    #expect(value["a"] == 3)
    #expect(JSONPrinter.string(value) == #"{"a":3,"b":2}"#)
  }

  @Test func duplicateKeysSpelledDifferentlyAreFound() throws {
    let document = try JSONDocument(parsing: #"{"a": 1, "\u0061": 2}"#)
    #expect(document.hasDuplicateKeys(0))
    #expect(document.value(0) == ["a": 2])
  }

  @Test func duplicateKeysInLargeObjects() throws {
    let members = (0..<100).map { "\"k\($0)\": \($0)" } + ["\"k7\": \"last\""]
    let document = try JSONDocument(parsing: "{" + members.joined(separator: ",") + "}")
    #expect(document.hasDuplicateKeys(0))
    #expect(document.value(0)["k7"] == "last")
    #expect(document.count(0) == 101)
    #expect(document.value(0).objectValue?.count == 100)
  }

  /// Keys of one length with the same first and last byte share a bloom filter bit: their bytes
  /// decide, also past a nested container.
  @Test func keysThatShareAFilterBitAreComparedByTheirBytes() throws {
    #expect(!(try JSONDocument(parsing: #"{"abc": 1, "axc": {"abc": [1]}, "aac": 3}"#).hasDuplicateKeys(0)))
    let repeated = try JSONDocument(parsing: #"{"abc": {"q": [1, 2]}, "axc": 2, "abc": 3}"#)
    #expect(repeated.hasDuplicateKeys(0))
    #expect(repeated.value(0) == ["abc": 3, "axc": 2])
  }

  @Test func distinctKeysAreNotFlagged() throws {
    let members = (0..<100).map { "\"k\($0)\": \($0)" }
    let document = try JSONDocument(parsing: "{" + members.joined(separator: ",") + "}")
    #expect(!document.hasDuplicateKeys(0))
  }

  @Test func keysDifferingOnlyInNormalisationStayDistinct() throws {
    let value = try JSONValue(parsing: "{\"\u{E9}\": 1, \"e\u{301}\": 2}")
    #expect(value.objectValue?.count == 2)
  }

  @Test func bigIntegersKeepEveryDigit() throws {
    let text = "[12345678901234567890123, -9223372036854775809, 9223372036854775807, 1e400, 0.1000000000000000000001]"
    let value = try JSONValue(parsing: text)
    #expect(
      JSONPrinter.string(value)
        == "[12345678901234567890123,-9223372036854775809,9223372036854775807,1e400,0.1000000000000000000001]")
    #expect(value[2] == .number(.int(Int.max)))
  }

  @Test func deepNestingUpToTheLimit() throws {
    let depth = JSONDocument.maximumDepth
    let text = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
    _ = try JSONDocument(parsing: text)
  }

  @Test func longStringsAndManyChildren() throws {
    let long = String(repeating: "x", count: (1 << 24) + 5)
    let document = try JSONDocument(parsing: "[\"\(long)\", 1]")
    #expect(document.string(1).utf8.count == long.utf8.count)
    #expect(document.count(0) == 2)
  }
}

@Suite("JSON parser: invalid documents")
struct JSONParserInvalidTests {
  struct Case: Sendable, CustomStringConvertible {
    var text: String
    var message: String
    var line: Int
    var column: Int
    var offset: Int
    var description: String { text }
  }

  @Test(arguments: [
    Case(text: "", message: "unexpected end of input; expected a JSON value", line: 1, column: 1, offset: 0),
    Case(text: "   ", message: "unexpected end of input; expected a JSON value", line: 1, column: 4, offset: 3),
    Case(text: "[1,]", message: "trailing comma before ']'", line: 1, column: 3, offset: 2),
    Case(text: "{\"a\":1,}", message: "trailing comma before '}'", line: 1, column: 7, offset: 6),
    Case(text: "01", message: "leading zeros are not allowed in numbers", line: 1, column: 1, offset: 0),
    Case(text: "[-01]", message: "leading zeros are not allowed in numbers", line: 1, column: 2, offset: 1),
    Case(text: "-", message: "expected a digit after '-'", line: 1, column: 2, offset: 1),
    Case(text: "1.", message: "expected a digit after '.'", line: 1, column: 3, offset: 2),
    Case(text: "1e+", message: "expected a digit in the exponent", line: 1, column: 4, offset: 3),
    Case(text: ".5", message: "unexpected character '.'; expected a JSON value", line: 1, column: 1, offset: 0),
    Case(text: "+1", message: "unexpected character '+'; expected a JSON value", line: 1, column: 1, offset: 0),
    Case(text: "\"abc", message: "unterminated string", line: 1, column: 1, offset: 0),
    Case(text: "[\"a\nb\"]", message: "control character U+000A in string; write it as an escape", line: 1, column: 4, offset: 3),
    Case(text: "\"\\x\"", message: "invalid escape '\\x' in string", line: 1, column: 2, offset: 1),
    Case(text: "\"\\u12\"", message: "invalid escape '\\u12'; \\u needs four hex digits", line: 1, column: 2, offset: 1),
    Case(
      text: "\"\\ud800\"", message: "lone high surrogate \\uD800 in string; a low surrogate must follow", line: 1, column: 2,
      offset: 1),
    Case(text: "\"\\udc00\"", message: "lone low surrogate \\uDC00 in string", line: 1, column: 2, offset: 1),
    Case(
      text: "\"\\ud800\\u0041\"", message: "lone high surrogate \\uD800 in string; a low surrogate must follow", line: 1,
      column: 2, offset: 1),
    Case(text: "tru", message: "invalid literal; did you mean 'true'?", line: 1, column: 1, offset: 0),
    Case(text: "nul", message: "invalid literal; did you mean 'null'?", line: 1, column: 1, offset: 0),
    Case(
      text: "[1 2]", message: "unexpected character '2'; expected ',' or ']' after array element", line: 1, column: 4, offset: 3),
    Case(text: "{\"a\" 1}", message: "unexpected character '1'; expected ':' after object key", line: 1, column: 6, offset: 5),
    Case(
      text: "{a:1}", message: "unexpected character 'a'; expected a string key in double quotes", line: 1, column: 2, offset: 1),
    Case(
      text: "{\"a\":1 \"b\":2}", message: "unexpected character '\"'; expected ',' or '}' after object member", line: 1,
      column: 8, offset: 7),
    Case(text: "[1]]", message: "unexpected character ']' after the JSON value", line: 1, column: 4, offset: 3),
    Case(text: "1 2", message: "unexpected character '2' after the JSON value", line: 1, column: 3, offset: 2),
    Case(text: "[1,\n 2,\n é]", message: "unexpected character U+00E9 'é'; expected a JSON value", line: 3, column: 2, offset: 9),
    Case(
      text: "{\"é\": [1,\n  {\"k\": x}]}", message: "unexpected character 'x'; expected a JSON value", line: 2, column: 9,
      offset: 19),
    Case(text: "[", message: "unexpected end of input; expected a JSON value", line: 1, column: 2, offset: 1),
    Case(text: "[1", message: "unexpected end of input; expected ',' or ']'", line: 1, column: 3, offset: 2),
    Case(text: "{\"a\"", message: "unexpected end of input; expected ':' after object key", line: 1, column: 5, offset: 4),
    Case(text: "'a'", message: "unexpected character '''; expected a JSON value", line: 1, column: 1, offset: 0),
  ])
  func reportsPosition(_ invalid: Case) {
    #expect(throws: JSONParseError(message: invalid.message, offset: invalid.offset, line: invalid.line, column: invalid.column))
    {
      _ = try JSONDocument(parsing: invalid.text)
    }
  }

  @Test func rejectsInvalidUTF8() {
    for bytes: [UInt8] in [
      [0x22, 0xFF, 0x22], [0x22, 0xC0, 0xAF, 0x22], [0x22, 0xED, 0xA0, 0x80, 0x22], [0x22, 0xE2, 0x82, 0x22],
      [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22],
    ] {
      #expect(throws: JSONParseError.self) { _ = try JSONValue(parsing: bytes) }
    }
  }

  @Test func rejectsNestingBeyondTheLimit() {
    let depth = JSONDocument.maximumDepth + 1
    let text = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
    #expect(throws: JSONParseError(message: "nesting deeper than 1024 levels", offset: 1024, line: 1, column: 1025)) {
      _ = try JSONDocument(parsing: text)
    }
  }

  @Test func describesWithLineColumnAndByte() {
    let error = JSONParseError(message: "trailing comma before ']'", offset: 2, line: 1, column: 3)
    #expect(error.description == "1:3: trailing comma before ']' (byte 2)")
  }
}
