import Foundation

/// A WebSocket client over a plain socket, as a browser tab of the playground is: the upgrade
/// (with an `Origin` when given), keys as masked binary frames, `resize` as text frames, and
/// what the server sends collected by a reader thread (unless the visitor never reads).
public final class WebSocketVisitor: @unchecked Sendable {
  public struct Failure: Error, CustomStringConvertible {
    public var description: String
  }

  private let descriptor: Int32
  private let condition = NSCondition()
  // Guarded by `condition`: written by the reader thread.
  private var received: [UInt8] = []
  private var closeCode: UInt16?
  private var ended = false
  /// The status line and headers of the server's answer to the upgrade.
  public let handshake: String

  /// Connects to `/ws` of the playground on `port`; `reading: false` never reads past the upgrade.
  public init(port: Int, origin: String? = nil, reading: Bool = true) throws {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    self.descriptor = descriptor
    guard descriptor >= 0, RawConnection.connect(descriptor, toLoopbackPort: port) else {
      throw Failure(description: "cannot connect to port \(port)")
    }
    let request =
      "GET /ws HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
      + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
      + (origin.map { "Origin: \($0)\r\n" } ?? "") + "\r\n"
    WebSocketVisitor.sendAll(descriptor, Array(request.utf8))
    // The answer's head, byte by byte, so that no frame after it is taken along.
    var head: [UInt8] = []
    var byte: UInt8 = 0
    while !head.ends(with: [13, 10, 13, 10]), recv(descriptor, &byte, 1, 0) == 1 { head.append(byte) }
    handshake = String(decoding: head, as: UTF8.self)
    if reading && handshake.hasPrefix("HTTP/1.1 101") {
      Thread { [self] in readFrames() }.start()
    }
  }

  deinit { close(descriptor) }

  /// Whether the server accepted the upgrade.
  public var upgraded: Bool { handshake.hasPrefix("HTTP/1.1 101") }

  /// Types `keys` (a binary frame).
  public func type(_ keys: String) { send(opcode: 2, Array(keys.utf8)) }

  /// Sends a control message (a text frame), such as `resize 100 30`.
  public func control(_ text: String) { send(opcode: 1, Array(text.utf8)) }

  /// Everything received so far, as text.
  public var output: String { condition.withLock { String(decoding: received, as: UTF8.self) } }

  /// The number of bytes received so far (a mark for `wait(for:after:)`).
  public var count: Int { condition.withLock { received.count } }

  /// Waits until the output after byte `mark` contains `text`; false after `timeout` seconds.
  public func wait(for text: String, after mark: Int = 0, timeout: Double = 30) -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    let wanted = Array(text.utf8)
    return condition.withLock {
      while !received[min(mark, received.count)...].contains(wanted) {
        guard !ended, condition.wait(until: deadline) else { return received[min(mark, received.count)...].contains(wanted) }
      }
      return true
    }
  }

  /// Waits until the server closes the connection; its close code (nil without a close frame),
  /// or nil with `false` after `timeout` seconds.
  public func waitForEnd(timeout: Double = 30) -> (ended: Bool, code: UInt16?) {
    let deadline = Date().addingTimeInterval(timeout)
    return condition.withLock {
      while !ended {
        guard condition.wait(until: deadline) else { return (false, nil) }
      }
      return (true, closeCode)
    }
  }

  /// Closes the connection at once, as a closed tab does.
  public func leave() { shutdown(descriptor, Int32(SHUT_RDWR)) }

  private func send(opcode: UInt8, _ payload: [UInt8]) {
    var frame: [UInt8] = [0x80 | opcode]
    if payload.count < 126 {
      frame.append(0x80 | UInt8(payload.count))
    } else {
      frame += [0x80 | 126, UInt8(payload.count >> 8), UInt8(payload.count & 0xFF)]
    }
    let mask: [UInt8] = [0x37, 0xFA, 0x21, 0x3D]
    frame += mask
    frame += payload.enumerated().map { $0.element ^ mask[$0.offset % 4] }
    WebSocketVisitor.sendAll(descriptor, frame)
  }

  private static func sendAll(_ descriptor: Int32, _ bytes: [UInt8]) {
    _ = bytes.withUnsafeBytes { Foundation.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
  }

  private func readFrames() {
    var pending: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
      let count = recv(descriptor, &buffer, buffer.count, 0)
      guard count > 0 else { break }
      pending += buffer[..<count]
      while let (opcode, payload, length) = WebSocketVisitor.frame(in: pending) {
        pending.removeFirst(length)
        condition.withLock {
          if opcode == 8 {
            closeCode = payload.count >= 2 ? UInt16(payload[0]) << 8 | UInt16(payload[1]) : nil
          } else if opcode <= 2 {
            received += payload
          }
          condition.broadcast()
        }
      }
    }
    condition.withLock {
      ended = true
      condition.broadcast()
    }
  }

  /// The first whole (unmasked) frame of `bytes`: its opcode, payload and length in all.
  private static func frame(in bytes: [UInt8]) -> (UInt8, [UInt8], Int)? {
    guard bytes.count >= 2 else { return nil }
    var length = Int(bytes[1] & 0x7F)
    var start = 2
    if length == 126 {
      guard bytes.count >= 4 else { return nil }
      length = Int(bytes[2]) << 8 | Int(bytes[3])
      start = 4
    } else if length == 127 {
      guard bytes.count >= 10 else { return nil }
      length = bytes[2..<10].reduce(0) { $0 << 8 | Int($1) }
      start = 10
    }
    guard bytes.count >= start + length else { return nil }
    return (bytes[0] & 0x0F, Array(bytes[start..<(start + length)]), start + length)
  }
}

extension Array where Element == UInt8 {
  fileprivate func ends(with suffix: [UInt8]) -> Bool {
    count >= suffix.count && Array(self[(count - suffix.count)...]) == suffix
  }
}

extension ArraySlice where Element == UInt8 {
  /// Whether `needle` occurs in the slice.
  fileprivate func contains(_ needle: [UInt8]) -> Bool {
    guard !needle.isEmpty else { return true }
    guard count >= needle.count else { return false }
    var index = startIndex
    while index <= endIndex - needle.count {
      if self[index] == needle[0] && self[index..<(index + needle.count)].elementsEqual(needle) { return true }
      index += 1
    }
    return false
  }
}
