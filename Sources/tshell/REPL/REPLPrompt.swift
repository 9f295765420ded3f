import Foundation
import TemporalClient

/// The REPL's prompt: where commands go and who is logged in (`ann@embedded> `), with
/// ` (expired)` when the stored token has run out; `...> ` while an input continues.
struct REPLPrompt {
  var colors: Bool

  /// The prompt for `status`, with colour codes wrapped in \u{1} so they take no room.
  func text(_ status: ClientEnvironment.Status) -> String {
    let who = status.user.map { "\($0)@\(status.endpoint)" } ?? status.endpoint
    var text = paint(who, "1;32")
    if status.tokenExpired { text += paint(" (expired)", "33") }
    return text + "> "
  }

  var continuation: String { paint("...", "2") + "> " }

  private func paint(_ text: String, _ code: String) -> String {
    colors ? "\u{1}\u{1B}[\(code)m\u{1}\(text)\u{1}\u{1B}[0m\u{1}" : text
  }
}

extension ClientEnvironment {
  /// What the prompt shows.
  struct Status: Equatable {
    /// `embedded`, a profile's name, or the host (and port) of `--api`.
    var endpoint: String
    var user: String?
    var tokenExpired = false
  }

  /// Where commands go and who is logged in, read from the files without starting anything.
  func status() -> Status {
    let profile: String
    var endpoint: String
    if let session {
      profile = session.profile
      endpoint = session.profile
    } else if let api = options.api ?? TShellHome.environment("TSHELL_API").flatMap({ $0.isEmpty ? nil : $0 }) {
      profile = api
      endpoint = api
    } else {
      profile = (try? options.profile ?? profiles.current()) ?? ProfileStore.embedded
      endpoint = profile
    }
    if let url = URL(string: endpoint), let host = url.host {
      endpoint = host + (url.port.map { ":\($0)" } ?? "")
    }
    if let token = TShellHome.environment("TSHELL_TOKEN"), !token.isEmpty {
      return Status(endpoint: endpoint, user: "$TSHELL_TOKEN")
    }
    guard let current = tokens.current(profile: profile) else { return Status(endpoint: endpoint) }
    let expired = current.token.map { $0.expires <= Int(Date().timeIntervalSince1970) } ?? true
    return Status(endpoint: endpoint, user: current.user, tokenExpired: expired)
  }
}
