import TShellCommands
import TShellJSON

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// JSON-RPC 2.0 over a pair of file descriptors with LSP's base protocol framing: a
/// `Content-Length` header, a blank line, then that many bytes of JSON.
final class MessageChannel {
  /// What one read gave.
  enum Incoming {
    case message(JSONValue)
    /// The bytes of one message that is not JSON (answered with a parse error).
    case malformed(String)
    /// Nothing arrived before the timeout.
    case timeout
    case ended
  }

  /// The largest message accepted: an editor's whole document and then some.
  static let maximumLength = 64 << 20
  private let input: Int32
  private let output: Int32
  private var buffer: [UInt8] = []

  init(input: Int32, output: Int32) {
    self.input = input
    self.output = output
  }

  /// The next message, waiting at most `timeout` seconds (nil: as long as it takes).
  func read(timeout: Double?) -> Incoming {
    let deadline = timeout.map { MonotonicClock.seconds() + $0 }
    while true {
      switch frame() {
      case .complete(let body):
        guard let value = try? JSONValue(parsing: body) else { return .malformed("the message is not JSON") }
        return .message(value)
      case .invalid(let reason):
        return .malformed(reason)
      case .needMore:
        break
      }
      switch fill(waiting: deadline.map { max(0, $0 - MonotonicClock.seconds()) }) {
      case .data: continue
      case .timeout: return .timeout
      case .ended: return .ended
      }
    }
  }

  /// Writes one message.
  func write(_ message: JSONValue) {
    let body = Array(JSONPrinter.string(message).utf8)
    var bytes = Array("Content-Length: \(body.count)\r\n\r\n".utf8)
    bytes.append(contentsOf: body)
    var offset = 0
    while offset < bytes.count {
      let written = bytes[offset...].withUnsafeBytes { Glibc.write(output, $0.baseAddress, $0.count) }
      if written < 0 && errno == EINTR { continue }
      guard written > 0 else { return }
      offset += written
    }
  }

  private enum Frame {
    case complete([UInt8])
    case invalid(String)
    case needMore
  }

  /// Takes one framed message off the buffer, if a whole one is there.
  private func frame() -> Frame {
    guard let headerEnd = find([0x0D, 0x0A, 0x0D, 0x0A]) else {
      if buffer.count > 8192 {
        buffer.removeAll()
        return .invalid("the message header has no end")
      }
      return .needMore
    }
    let header = String(decoding: buffer[..<headerEnd], as: UTF8.self)
    var length: Int?
    for line in header.split(separator: "\r\n") {
      let parts = line.split(separator: ":", maxSplits: 1)
      if parts.count == 2, parts[0].lowercased() == "content-length" {
        length = Int(parts[1].trimmingPrefix(" "))
      }
    }
    guard let length, length >= 0, length <= MessageChannel.maximumLength else {
      buffer.removeSubrange(..<(headerEnd + 4))
      return .invalid("the message header has no valid Content-Length")
    }
    guard buffer.count >= headerEnd + 4 + length else { return .needMore }
    let body = Array(buffer[(headerEnd + 4)..<(headerEnd + 4 + length)])
    buffer.removeSubrange(..<(headerEnd + 4 + length))
    return .complete(body)
  }

  private func find(_ needle: [UInt8]) -> Int? {
    guard buffer.count >= needle.count else { return nil }
    for index in 0...(buffer.count - needle.count) where buffer[index] == needle[0] {
      if buffer[index..<(index + needle.count)].elementsEqual(needle) { return index }
    }
    return nil
  }

  private enum Fill {
    case data
    case timeout
    case ended
  }

  /// Reads what is available, waiting at most `seconds`.
  private func fill(waiting seconds: Double?) -> Fill {
    var descriptor = pollfd(fd: input, events: Int16(POLLIN), revents: 0)
    let milliseconds = seconds.map { Int32(min($0 * 1000, 86_400_000).rounded(.up)) } ?? -1
    let ready = poll(&descriptor, 1, milliseconds)
    if ready < 0 { return errno == EINTR ? .data : .ended }
    guard ready > 0 else { return .timeout }
    var chunk = [UInt8](repeating: 0, count: 65536)
    let count = chunk.withUnsafeMutableBytes { Glibc.read(input, $0.baseAddress, $0.count) }
    guard count > 0 else { return count < 0 && errno == EINTR ? .data : .ended }
    buffer.append(contentsOf: chunk[..<count])
    return .data
  }
}
