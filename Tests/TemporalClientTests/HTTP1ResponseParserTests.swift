import Testing

@testable import TemporalClient

@Suite("HTTP/1.1 responses")
struct HTTP1ResponseParserTests {
  /// Feeds `text` in pieces of `step` bytes; returns the parser and the final progress.
  func parse(_ text: String, step: Int = .max, head: Bool = false) throws -> (HTTP1ResponseParser, HTTP1ResponseParser.Progress) {
    var parser = HTTP1ResponseParser(headRequest: head)
    let bytes = Array(text.utf8)
    var progress = HTTP1ResponseParser.Progress.incomplete
    var offset = 0
    while offset < bytes.count {
      let end = offset + min(step, bytes.count - offset)
      progress = try parser.consume(bytes[offset..<end])
      offset = end
    }
    return (parser, progress)
  }

  @Test(arguments: [1, 7, 1000])
  func contentLengthBodiesInAnyPieces(step: Int) throws {
    let (parser, progress) = try parse(
      "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\ncontent-length: 11\r\n\r\n{\"a\": true}", step: step)
    #expect(progress == .complete(keepAlive: true))
    #expect(parser.status == 200)
    #expect(String(decoding: parser.body, as: UTF8.self) == #"{"a": true}"#)
    #expect(parser.headers.map { "\($0.name)=\($0.value)" } == ["Content-Type=application/json", "content-length=11"])
  }

  @Test(arguments: [1, 5, 1000])
  func chunkedBodiesWithExtensionsAndTrailers(step: Int) throws {
    let text =
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;name=x\r\nhello\r\n7\r\n, world\r\n0\r\nX-Trailer: 1\r\n\r\n"
    let (parser, progress) = try parse(text, step: step)
    #expect(progress == .complete(keepAlive: true))
    #expect(String(decoding: parser.body, as: UTF8.self) == "hello, world")
  }

  @Test func chunkedBodyWithoutTrailers() throws {
    let (parser, progress) = try parse("HTTP/1.1 201 Created\r\nTransfer-Encoding: gzip, chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n")
    #expect(progress == .complete(keepAlive: true))
    #expect(parser.status == 201)
    #expect(parser.body == Array("abc".utf8))
  }

  @Test func bodiesUntilTheConnectionCloses() throws {
    var (parser, progress) = try parse("HTTP/1.1 200 OK\r\n\r\npartial")
    #expect(progress == .incomplete)
    #expect(try parser.finish() == .complete(keepAlive: false))
    #expect(parser.body == Array("partial".utf8))
  }

  @Test func responsesWithoutBodies() throws {
    #expect(try parse("HTTP/1.1 204 No Content\r\n\r\n").1 == .complete(keepAlive: true))
    #expect(try parse("HTTP/1.1 200 OK\r\nContent-Length: 99\r\n\r\n", head: true).1 == .complete(keepAlive: true))
  }

  @Test func connectionReuseFollowsTheVersionAndTheConnectionHeader() throws {
    #expect(try parse("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n").1 == .complete(keepAlive: false))
    #expect(try parse("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n").1 == .complete(keepAlive: false))
    #expect(try parse("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n").1 == .complete(keepAlive: true))
  }

  @Test func malformedResponsesSayWhatIsWrong() throws {
    #expect(throws: HTTP1ResponseParser.Malformed(reason: "not an HTTP/1.1 response: SSH-2.0-OpenSSH_9.2")) {
      try parse("SSH-2.0-OpenSSH_9.2\r\n\r\n")
    }
    #expect(throws: HTTP1ResponseParser.Malformed(reason: "a bad Content-Length: -5")) {
      try parse("HTTP/1.1 200 OK\r\nContent-Length: -5\r\n\r\n")
    }
    #expect(throws: HTTP1ResponseParser.Malformed(reason: "a bad chunk size: zz")) {
      try parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")
    }
    #expect(throws: HTTP1ResponseParser.Malformed(reason: "a bad chunk size: 7fffffffffffffff")) {
      try parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n7fffffffffffffff\r\n")
    }
    #expect(throws: HTTP1ResponseParser.Malformed(reason: "response headers larger than 64 KiB")) {
      try parse("HTTP/1.1 200 OK\r\nX: " + String(repeating: "a", count: 70_000))
    }
    var parser = try parse("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc").0
    #expect(throws: HTTP1ResponseParser.Malformed(reason: "the connection closed in the middle of the response")) {
      try parser.finish()
    }
  }
}

/// The byte scans under the parser, against the plainest way of doing the same.
@Suite("HTTP/1.1 head scanning")
struct HTTP1HeadScanTests {
  /// Every string of up to eight bytes over `a`, CR and LF: where the head ends, and its lines.
  @Test func headEndAndLinesMatchTheirDefinitions() {
    let alphabet: [UInt8] = [UInt8(ascii: "a"), 13, 10]
    var checked = 0
    var mismatches: [[UInt8]] = []
    for length in 0...8 {
      var count = 1
      for _ in 0..<length { count *= alphabet.count }
      for number in 0..<count {
        var bytes: [UInt8] = []
        var rest = number
        for _ in 0..<length {
          bytes.append(alphabet[rest % alphabet.count])
          rest /= alphabet.count
        }
        for start in 0...bytes.count {
          let naiveEnd = (start..<max(start, bytes.count - 3)).first { bytes[$0..<($0 + 4)].elementsEqual([13, 10, 13, 10]) }
          if HTTP1ResponseParser.headEnd(in: bytes, from: start) != naiveEnd { mismatches.append(bytes) }
        }
        let naiveLines = bytes[...].split(separator: 10, omittingEmptySubsequences: false).map {
          $0.last == 13 ? $0.dropLast() : $0
        }
        #expect(HTTP1ResponseParser.lines(bytes[...]).map(Array.init) == naiveLines.map(Array.init), "\(bytes)")
        checked += 1
      }
    }
    #expect(checked == 9841)
    #expect(mismatches.isEmpty)
  }
}
