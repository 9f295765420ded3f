import TShellJSON
import Testing

/// Documents large enough that the parser maps their text and tape in on helper threads: the
/// same answers as a small document's, from many parses at once, with the tape growing under the
/// helper and with a parse that fails near the end.
@Suite("JSON parser: large documents")
struct LargeDocumentTests {
  /// Records `{"id":N,"name":"nN","tags":["a","b"]}` up to about `bytes` bytes.
  static func records(bytes: Int) -> (text: [UInt8], count: Int) {
    var text: [UInt8] = []
    text.reserveCapacity(bytes + 64)
    text.append(UInt8(ascii: "["))
    var count = 0
    while text.count < bytes {
      if count > 0 { text.append(UInt8(ascii: ",")) }
      text.append(contentsOf: "{\"id\":\(count),\"name\":\"n\(count)\",\"tags\":[\"a\",\"b\"]}".utf8)
      count += 1
    }
    text.append(UInt8(ascii: "]"))
    return (text, count)
  }

  /// `[1,1,…]`: one tape entry per two bytes, four times the tape the parser first allocates.
  static func ones(bytes: Int) -> [UInt8] {
    var text = [UInt8(ascii: "["), UInt8(ascii: "1")]
    while text.count < bytes { text.append(contentsOf: ",1".utf8) }
    text.append(UInt8(ascii: "]"))
    return text
  }

  static let recordText = records(bytes: 9 << 20)
  static let onesText = ones(bytes: 9 << 20)

  @Test("many large documents parsed at once give every record")
  func concurrentParses() async throws {
    let (text, count) = Self.recordText
    let id = JSONName("id")
    let name = JSONName("name")
    try await withThrowingTaskGroup(of: Void.self) { group in
      for _ in 0..<4 {
        group.addTask {
          for _ in 0..<3 {
            let document = try JSONDocument(JSONBytes(copying: text))
            #expect(document.count(document.root) == count)
            for index in [0, count / 2, count - 1] {
              let record = try #require(document.element(document.root, at: index))
              let idNode = try #require(document.member(record, named: id))
              #expect(String(decoding: document.rawBytes(idNode), as: UTF8.self) == "\(index)")
              let nameNode = try #require(document.member(record, named: name))
              #expect(document.string(nameNode) == "n\(index)")
            }
          }
        }
      }
      try await group.waitForAll()
    }
  }

  @Test("a large document whose tape outgrows its first allocation")
  func tapeGrowth() async throws {
    let text = Self.onesText
    try await withThrowingTaskGroup(of: Int.self) { group in
      for _ in 0..<4 {
        group.addTask {
          let document = try JSONDocument(JSONBytes(copying: text))
          return document.count(document.root)
        }
      }
      for try await count in group { #expect(count == (text.count - 1) / 2) }
    }
  }

  @Test("a large document with an error at its end")
  func errorNearTheEnd() {
    var text = Self.recordText.text
    text.insert(UInt8(ascii: ","), at: text.count - 1)
    #expect(throws: JSONParseError.self) { try JSONDocument(JSONBytes(copying: text)) }
    do {
      _ = try JSONDocument(JSONBytes(copying: text))
    } catch {
      #expect(error.message == "trailing comma before ']'")
      #expect(error.offset == text.count - 2)
    }
  }
}
