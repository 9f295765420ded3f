import TShellJSON
import TShellTestSupport
import Testing

/// Random and mutated inputs must only ever produce values or `JSONParseError`s, never a trap.
@Suite("JSON parser robustness")
struct JSONFuzzTests {
  static let seeds = [
    #"{"a":[1,2.5e-3,{"b":"x\u00e9\ud83d\ude00"}],"c":null,"d":true,"e":false}"#,
    #"[[[[]]],{},"",0,-0,1e999,"\\\"",{"k":[{"l":{}}]}]"#,
  ]

  @Test func mutatedDocuments() {
    var random = SplitMix64(seed: 8259)
    let alphabet =
      Array(#"{}[]:,"\\/ueE+-.0123456789tfnrl abc"#.utf8) + [0x00, 0x1F, 0x7F, 0x80, 0xBF, 0xC3, 0xE2, 0xED, 0xF0, 0xF4, 0xFF]
    for _ in 0..<20_000 {
      var bytes = Array(JSONFuzzTests.seeds[Int(random.next() % 2)].utf8)
      for _ in 0..<(1 + random.next() % 4) {
        let position = Int(random.next() % UInt64(bytes.count + 1))
        switch random.next() % 3 {
        case 0 where position < bytes.count: bytes.remove(at: position)
        case 1 where position < bytes.count: bytes[position] = alphabet[Int(random.next() % UInt64(alphabet.count))]
        default: bytes.insert(alphabet[Int(random.next() % UInt64(alphabet.count))], at: position)
        }
      }
      check(bytes)
    }
  }

  @Test func randomBytes() {
    var random = SplitMix64(seed: 1)
    for _ in 0..<20_000 {
      let count = Int(random.next() % 24)
      check((0..<count).map { _ in UInt8(truncatingIfNeeded: random.next()) })
    }
  }

  private func check(_ bytes: [UInt8]) {
    do {
      let document = try JSONDocument(JSONBytes(copying: bytes))
      let value = document.value(document.root)
      // Whatever parses must print to JSON that parses to the same value.
      #expect(try JSONValue(parsing: JSONPrinter.string(value)) == value)
    } catch {
      #expect(error.offset >= 0 && error.offset <= bytes.count)
      #expect(error.line >= 1 && error.column >= 1)
    }
  }
}
