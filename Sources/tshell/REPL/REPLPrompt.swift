import TShellCommands

/// The REPL's prompt: where commands go and who is logged in (`ann@embedded> `), with
/// ` (expired)` when the stored token has run out; `...> ` while an input continues.
struct REPLPrompt {
  var colors: Bool

  /// The prompt for `status`, with colour codes wrapped in \u{1} so they take no room.
  func text(_ status: ClientStatus) -> String {
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
