import Foundation
import TShellJSON
import TemporalAPI

/// A request as a curl command line to paste in a shell: the token is `$TSHELL_TOKEN`, passwords
/// are `$TSHELL_PASSWORD` and other secret values `$TSHELL_SECRET` (shell variables), unless
/// secrets are shown.
public struct CurlCommand: Sendable {
  public let text: String

  public init(_ request: HTTPRequestSpec, secrets: [String] = [], showSecrets: Bool = false) {
    var parts = ["curl"]
    if request.method != "GET" { parts.append("-X \(request.method)") }
    var url = CurlCommand.quote(request.url)
    if !showSecrets {
      // A secret in the query (`get /x token=…`) leaves the quotes for its variable.
      for secret in secrets where !secret.isEmpty {
        url = url.replacingAll("=" + PercentEncoding.encodeFormComponent(secret), with: "='\"$TSHELL_SECRET\"'")
      }
    }
    parts.append(url)
    for header in request.headers where header.name != "Content-Type" || request.body == nil {
      if header.name == "Authorization", !showSecrets {
        parts.append("-H \"Authorization: Bearer $TSHELL_TOKEN\"")
      } else {
        parts.append("-H " + CurlCommand.quote("\(header.name): \(header.value)"))
      }
    }
    if let body = request.body {
      let text = String(decoding: body, as: UTF8.self)
      if request.header("Content-Type") == "application/x-www-form-urlencoded" {
        for pair in text.split(separator: "&") {
          let field = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
          let name = String(field[0])
          let value = field.count > 1 ? PercentEncoding.decode(field[1], plusIsSpace: true) : ""
          if !showSecrets, secrets.contains(value), !value.isEmpty {
            let variable = name.lowercased().contains("password") ? "$TSHELL_PASSWORD" : "$TSHELL_SECRET"
            parts.append("--data-urlencode \"\(name)=\(variable)\"")
          } else {
            parts.append(
              "--data-urlencode " + CurlCommand.quote("\(PercentEncoding.decode(Substring(name), plusIsSpace: true))=\(value)"))
          }
        }
      } else {
        if let type = request.header("Content-Type") { parts.append("-H " + CurlCommand.quote("Content-Type: \(type)")) }
        var quoted = CurlCommand.quote(text)
        if !showSecrets {
          for secret in secrets where !secret.isEmpty {
            quoted = quoted.replacingAll(
              CurlCommand.escapeInsideQuotes(String(JSONPrinter.string(.string(secret)).dropFirst().dropLast())),
              with: "'\"$TSHELL_PASSWORD\"'")
          }
        }
        parts.append("--data-raw " + quoted)
      }
    }
    text = parts.joined(separator: " ")
  }

  /// Single-quotes for the shell.
  static func quote(_ text: String) -> String {
    "'" + escapeInsideQuotes(text) + "'"
  }

  static func escapeInsideQuotes(_ text: String) -> String {
    text.replacingAll("'", with: "'\\''")
  }
}

extension String {
  func replacingAll(_ target: String, with replacement: String) -> String {
    guard !target.isEmpty else { return self }
    var result = ""
    var rest = self[...]
    while let range = rest.range(of: target) {
      result += rest[..<range.lowerBound] + replacement
      rest = rest[range.upperBound...]
    }
    return result + rest
  }
}
