import TShellJSON
import Testing

@Suite("JSON printers")
struct JSONPrinterTests {
  let sample: JSONValue = ["name": "al\"ice\n", "keys": [1, 2.5, nil, true], "empty": [], "none": .object(JSONObject())]

  @Test func compact() {
    #expect(JSONPrinter.string(sample) == #"{"name":"al\"ice\n","keys":[1,2.5,null,true],"empty":[],"none":{}}"#)
  }

  @Test func pretty() {
    let expected = """
      {
        "name": "al\\"ice\\n",
        "keys": [
          1,
          2.5,
          null,
          true
        ],
        "empty": [],
        "none": {}
      }
      """
    #expect(JSONPrinter.string(sample, format: .pretty) == expected)
  }

  @Test func colouredPrettyWrapsEveryToken() {
    let text = JSONPrinter.string(["a": [1, "x", nil, false]], format: JSONFormat(layout: .pretty, colors: true))
    let expected =
      "\u{1B}[1;39m{\u{1B}[0m\n  \u{1B}[34;1m\"a\"\u{1B}[0m\u{1B}[1;39m:\u{1B}[0m \u{1B}[1;39m[\u{1B}[0m\n"
      + "    \u{1B}[0;36m1\u{1B}[0m\u{1B}[1;39m,\u{1B}[0m\n    \u{1B}[0;32m\"x\"\u{1B}[0m\u{1B}[1;39m,\u{1B}[0m\n"
      + "    \u{1B}[1;30mnull\u{1B}[0m\u{1B}[1;39m,\u{1B}[0m\n    \u{1B}[0;33mfalse\u{1B}[0m\n  \u{1B}[1;39m]\u{1B}[0m\n\u{1B}[1;39m}\u{1B}[0m"
    #expect(text == expected)
  }

  @Test func rawStringsOnlyForStrings() {
    let raw = JSONFormat(layout: .compact, rawStrings: true)
    #expect(JSONPrinter.string("a\"b\n", format: raw) == "a\"b\n")
    #expect(JSONPrinter.string(["x"], format: raw) == #"["x"]"#)
  }

  @Test func escapesControlCharacters() {
    #expect(JSONPrinter.string("\u{01}\u{1F}\u{08}\u{0C}\t\r\\/é😀") == #""\u0001\u001f\b\f\t\r\\/é😀""#)
  }

  @Test func colourChoice() {
    #expect(JSONFormat.wantsColors(isTerminal: true, environment: { _ in nil }))
    #expect(!JSONFormat.wantsColors(isTerminal: false, environment: { _ in nil }))
    #expect(!JSONFormat.wantsColors(isTerminal: true, environment: { ["NO_COLOR": "1"][$0] }))
    #expect(JSONFormat.wantsColors(isTerminal: true, environment: { ["NO_COLOR": ""][$0] }))
    #expect(!JSONFormat.wantsColors(isTerminal: true, environment: { ["TERM": "dumb"][$0] }))
  }

  @Test(arguments: [
    #"{"a":[1,2,{"b":null}],"c":"\u00e9\n","d":-0.5e-3,"e":123456789012345678901234567890}"#,
    #"[[],{},"",[[[]]],{"":{"":""}}]"#,
    #""\ud83d\ude00 \u0000 \"quoted\"""#,
  ])
  func documentAndValuePrintersAgreeAndRoundTrip(text: String) throws {
    let document = try JSONDocument(parsing: text)
    let value = document.value(document.root)
    for format in [JSONFormat.compact, .pretty] {
      var fromDocument = JSONPrinter(format: format)
      fromDocument.write(document, document.root)
      var fromValue = JSONPrinter(format: format)
      fromValue.write(value)
      let printed = String(decoding: fromDocument.output, as: UTF8.self)
      if case .number = value {
      } else {
        #expect(try JSONValue(parsing: printed) == value)
      }
      #expect(try JSONValue(parsing: String(decoding: fromValue.output, as: UTF8.self)) == value)
    }
  }

  @Test func documentPrinterKeepsNumberLiteralsAsWritten() throws {
    let document = try JSONDocument(parsing: "[1.0, 1E2, -0, 0.10]")
    var printer = JSONPrinter(format: .compact)
    printer.write(document, document.root)
    #expect(String(decoding: printer.output, as: UTF8.self) == "[1.0,1E2,-0,0.10]")
  }

  @Test func flushesLargeOutputInPieces() throws {
    let document = try JSONDocument(parsing: "[" + (0..<10_000).map(String.init).joined(separator: ",") + "]")
    final class Collected: @unchecked Sendable {
      var bytes: [UInt8] = []
      var pieces = 0
    }
    let collected = Collected()
    var printer = JSONPrinter(format: .compact) { piece in
      collected.bytes.append(contentsOf: piece)
      collected.pieces += 1
    }
    printer.flushThreshold = 1024
    printer.write(document, document.root)
    collected.bytes.append(contentsOf: printer.output)
    #expect(collected.pieces > 10)
    #expect(try JSONValue(parsing: collected.bytes) == document.value(document.root))
  }
}
