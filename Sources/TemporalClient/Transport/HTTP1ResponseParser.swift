/// Reads one HTTP/1.1 response from bytes as they arrive: the status line, the headers, and a
/// body framed by `Content-Length`, chunked transfer coding, or the end of the connection.
struct HTTP1ResponseParser {
  /// What the bytes so far amount to.
  enum Progress: Equatable {
    /// More bytes are needed.
    case incomplete
    /// A whole response; `keepAlive` says whether the connection may carry another request.
    case complete(keepAlive: Bool)
  }

  /// Why the bytes are not an HTTP/1.1 response.
  struct Malformed: Error, Equatable {
    var reason: String
  }

  private enum Framing {
    case length(Int)
    case chunked
    case untilClose
  }

  private(set) var status = 0
  private(set) var headers: [(name: String, value: String)] = []
  private(set) var body: [UInt8] = []
  /// The request was a HEAD: the answer has headers only.
  private let headRequest: Bool
  private var buffer: [UInt8] = []
  private var headParsed = false
  private var framing = Framing.untilClose
  private var keepAlive = true
  private var finished = false
  /// Sizes of the head and of a chunk are bounded so a broken peer cannot grow them forever.
  static let maximumHeadSize = 64 * 1024
  static let maximumChunkSize = 1 << 40

  init(headRequest: Bool = false) {
    self.headRequest = headRequest
  }

  /// Whether any byte of the response arrived.
  var started: Bool { headParsed || !buffer.isEmpty }

  /// Takes the next bytes from the connection.
  mutating func consume(_ bytes: some Collection<UInt8>) throws(Malformed) -> Progress {
    buffer.append(contentsOf: bytes)
    if !headParsed {
      guard let end = Self.headEnd(in: buffer) else {
        if buffer.count > Self.maximumHeadSize { throw Malformed(reason: "response headers larger than 64 KiB") }
        return .incomplete
      }
      try parseHead(buffer[..<end])
      buffer.removeSubrange(..<(end + 4))
    }
    return try advanceBody()
  }

  /// The connection ended; a body framed by the end of the connection is now complete.
  mutating func finish() throws(Malformed) -> Progress {
    guard headParsed else { throw Malformed(reason: "the connection closed before a response arrived") }
    if finished { return .complete(keepAlive: keepAlive) }
    guard case .untilClose = framing else { throw Malformed(reason: "the connection closed in the middle of the response") }
    body.append(contentsOf: buffer)
    buffer.removeAll()
    finished = true
    keepAlive = false
    return .complete(keepAlive: false)
  }

  private mutating func parseHead(_ head: ArraySlice<UInt8>) throws(Malformed) {
    var lines = Self.lines(head)
    let statusLine = lines.removeFirst()
    let statusParts = statusLine.split(separator: UInt8(ascii: " "), maxSplits: 2)
    guard statusParts.count >= 2, statusParts[0].starts(with: Self.http1Prefix), statusParts[1].count == 3,
      let code = Int(String(decoding: statusParts[1], as: UTF8.self)), (100...599).contains(code)
    else {
      throw Malformed(reason: "not an HTTP/1.1 response: \(String(decoding: statusLine.prefix(80), as: UTF8.self))")
    }
    status = code
    keepAlive = statusParts[0].elementsEqual("HTTP/1.1".utf8)
    var length: Int?
    var chunked = false
    for line in lines where !line.isEmpty {
      guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { throw Malformed(reason: "a header line without a colon") }
      let nameBytes = line[..<colon]
      let value = String(decoding: Self.trimmed(line[(colon + 1)...]), as: UTF8.self)
      headers.append((String(decoding: nameBytes, as: UTF8.self), value))
      if Self.equalsIgnoringCase(nameBytes, "content-length") {
        guard let parsed = Int(value), parsed >= 0, length == nil || length == parsed else {
          throw Malformed(reason: "a bad Content-Length: \(value.prefix(40))")
        }
        length = parsed
      } else if Self.equalsIgnoringCase(nameBytes, "transfer-encoding") {
        chunked = Self.tokens(value).last == "chunked"
      } else if Self.equalsIgnoringCase(nameBytes, "connection") {
        // Whole tokens: a substring search would find "close" inside another token.
        let options = Self.tokens(value)
        if options.contains("close") { keepAlive = false }
        if options.contains("keep-alive") { keepAlive = true }
      }
    }
    headParsed = true
    if headRequest || status == 204 || status == 304 || (100..<200).contains(status) {
      framing = .length(0)
    } else if chunked {
      framing = .chunked
    } else if let length {
      framing = .length(length)
    } else {
      framing = .untilClose
      keepAlive = false
    }
  }

  private mutating func advanceBody() throws(Malformed) -> Progress {
    switch framing {
    case .untilClose:
      body.append(contentsOf: buffer)
      buffer.removeAll(keepingCapacity: true)
      return .incomplete
    case .length(let remaining):
      let taken = min(remaining, buffer.count)
      body.append(contentsOf: buffer[..<taken])
      buffer.removeSubrange(..<taken)
      framing = .length(remaining - taken)
      guard remaining == taken else { return .incomplete }
      finished = true
      return .complete(keepAlive: keepAlive && buffer.isEmpty)
    case .chunked:
      while true {
        guard let lineEnd = Self.lineEnd(in: buffer) else {
          if buffer.count > 1024 { throw Malformed(reason: "a chunk size line longer than 1 KiB") }
          return .incomplete
        }
        let sizeText = String(decoding: Self.trimmed(buffer[..<lineEnd].prefix { $0 != UInt8(ascii: ";") }), as: UTF8.self)
        guard let size = Int(sizeText, radix: 16), size >= 0, size <= Self.maximumChunkSize else {
          throw Malformed(reason: "a bad chunk size: \(sizeText.prefix(20))")
        }
        if size == 0 {
          // The last chunk, then optional trailers and an empty line.
          guard let end = Self.headEnd(in: buffer, from: lineEnd) else { return .incomplete }
          buffer.removeSubrange(..<(end + 4))
          finished = true
          return .complete(keepAlive: keepAlive && buffer.isEmpty)
        }
        guard buffer.count >= lineEnd + 2 + size + 2 else { return .incomplete }
        let start = lineEnd + 2
        body.append(contentsOf: buffer[start..<(start + size)])
        buffer.removeSubrange(..<(start + size + 2))
      }
    }
  }

  /// The index of the `\r\n\r\n` that ends a head, searching from `start`.
  static func headEnd(in bytes: [UInt8], from start: Int = 0) -> Int? {
    guard bytes.count >= start + 4 else { return nil }
    return bytes.withUnsafeBufferPointer { bytes in
      var index = start
      while index + 3 < bytes.count {
        if bytes[index + 3] == 10, bytes[index + 2] == 13, bytes[index + 1] == 10, bytes[index] == 13 { return index }
        // A byte that is neither CR nor LF cannot be in the four that end the head.
        index += bytes[index + 3] == 13 || bytes[index + 3] == 10 ? 1 : 4
      }
      return nil
    }
  }

  private static func lineEnd(in bytes: [UInt8]) -> Int? {
    var index = 0
    while index + 1 < bytes.count {
      if bytes[index] == 13, bytes[index + 1] == 10 { return index }
      index += 1
    }
    return nil
  }

  private static let http1Prefix = Array("HTTP/1.".utf8)

  /// The lines of a head, without their line ends.
  static func lines(_ head: ArraySlice<UInt8>) -> [ArraySlice<UInt8>] {
    var lines: [ArraySlice<UInt8>] = []
    lines.reserveCapacity(16)
    var start = head.startIndex
    while start <= head.endIndex {
      let end = head[start...].firstIndex(of: UInt8(ascii: "\n")) ?? head.endIndex
      let line = head[start..<end]
      lines.append(line.last == UInt8(ascii: "\r") ? line.dropLast() : line)
      start = end + 1
    }
    return lines
  }

  /// A list header's tokens (`Connection`, `Transfer-Encoding`), lowercased, without blanks.
  private static func tokens(_ value: String) -> [String] {
    value.lowercased().split(separator: ",").map { $0.filter { $0 != " " && $0 != "\t" } }
  }

  /// The bytes without the spaces and tabs around them.
  private static func trimmed(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
    var result = bytes
    while let first = result.first, first == 32 || first == 9 { result = result.dropFirst() }
    while let last = result.last, last == 32 || last == 9 { result = result.dropLast() }
    return result
  }

  /// Whether ASCII `bytes` spell `lowercase` in any case.
  private static func equalsIgnoringCase(_ bytes: ArraySlice<UInt8>, _ lowercase: StaticString) -> Bool {
    guard bytes.count == lowercase.utf8CodeUnitCount else { return false }
    let expected = UnsafeBufferPointer(start: lowercase.utf8Start, count: lowercase.utf8CodeUnitCount)
    return zip(bytes, expected).allSatisfy { byte, wanted in
      (byte >= 65 && byte <= 90 ? byte + 32 : byte) == wanted
    }
  }
}
