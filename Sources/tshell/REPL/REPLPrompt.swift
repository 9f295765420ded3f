import TShellCommands

/// The REPL's prompt: where commands go and who is logged in (`ann@embedded> `), with
/// ` (expired)` when the stored token has run out; `...> ` while an input continues.
struct REPLPrompt {
  var colors: Bool

  /// The prompt for `status`, with colour codes wrapped in \u{1} so they take no room. One
  /// wrapped code stands between two pieces of text: libedit misreads two wrapped codes in a row
  /// (`\u{1}…\u{1}\u{1}…\u{1}`) and prints the second one's letters.
  func text(_ status: ClientStatus) -> String {
    let who = status.user.map { "\($0)@\(status.endpoint)" } ?? status.endpoint
    var text = color("1;32") + who
    if status.tokenExpired { text += color("0;33") + " (expired)" }
    return text + color("0") + "> "
  }

  var continuation: String { color("2") + "..." + color("0") + "> " }

  /// The escape that sets `code`, as text that takes no room in the prompt; nothing without colours.
  private func color(_ code: String) -> String {
    colors ? "\u{1}\u{1B}[\(code)m\u{1}" : ""
  }
}
