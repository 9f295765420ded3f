import Foundation
import Hummingbird
import TShellJSON
import TemporalAPI

/// The response shapes of the original server.
enum APIResponse {
  /// `{"code": status, "response": value}`: every handler answer, success or error.
  static func envelope(_ status: HTTPResponse.Status, _ value: JSONValue) -> Response {
    json(status, APIEnvelope(code: status.code, response: value).json)
  }

  /// `{"expire": RFC 3339, "token": jwt}`: login and refresh.
  static func token(_ token: String, expire: Date) -> Response {
    json(.ok, TokenGrant(token: token, expire: Timestamp.rfc3339(expire, fractional: false)).json)
  }

  static func json(_ status: HTTPResponse.Status, _ value: JSONValue) -> Response {
    var printer = JSONPrinter(format: .compact, capacity: 512)
    printer.write(value)
    let buffer = ByteBuffer(bytes: printer.output)
    return Response(status: status, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: buffer))
  }

  static func text(_ status: HTTPResponse.Status, _ text: String) -> Response {
    var buffer = ByteBuffer()
    buffer.writeString(text)
    return Response(status: status, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: buffer))
  }
}

/// Timestamps in the forms the original wrote them.
enum Timestamp {
  /// `2019-02-03T02:33:50.796677Z` (microseconds when `fractional`), always UTC. Formatted by
  /// hand: a `DateFormatter` per response costs more than the rest of a request.
  static func rfc3339(_ date: Date, fractional: Bool = true) -> String {
    let totalMicros = Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
    var seconds = time_t(totalMicros / 1_000_000)
    var parts = tm()
    gmtime_r(&seconds, &parts)
    return String(unsafeUninitializedCapacity: 27) { buffer in
      var position = 0
      func put(_ value: Int, _ width: Int) {
        var divisor = 1
        for _ in 1..<width { divisor *= 10 }
        var rest = value
        while divisor > 0 {
          buffer[position] = UInt8(ascii: "0") + UInt8((rest / divisor) % 10)
          rest %= divisor
          divisor /= 10
          position += 1
        }
      }
      func put(_ character: Unicode.Scalar) {
        buffer[position] = UInt8(ascii: character)
        position += 1
      }
      put(Int(parts.tm_year) + 1900, 4)
      put("-")
      put(Int(parts.tm_mon) + 1, 2)
      put("-")
      put(Int(parts.tm_mday), 2)
      put("T")
      put(Int(parts.tm_hour), 2)
      put(":")
      put(Int(parts.tm_min), 2)
      put(":")
      put(Int(parts.tm_sec), 2)
      if fractional {
        put(".")
        put(Int(totalMicros % 1_000_000), 6)
      }
      put("Z")
      return position
    }
  }
}
