import CLibEdit

#if canImport(Glibc)
import Glibc
#endif

/// Reads lines from standard input: with libedit's editing on a terminal, plainly otherwise.
public final class TerminalLineReader {
  /// What one read produced.
  public enum Input: Equatable, Sendable {
    /// A line, without its newline.
    case line(String)
    /// Ctrl-C: the partial line was discarded.
    case interrupted
    /// Ctrl-D on an empty line, or the end of piped input.
    case endOfInput
  }

  private let editor: OpaquePointer?
  private var prompt: UnsafeMutablePointer<CChar>

  /// Whether standard input is a terminal (only then is libedit used and a prompt shown).
  public static var isInteractive: Bool { isatty(STDIN_FILENO) == 1 }

  public init(program: String) {
    prompt = strdup("")!
    guard TerminalLineReader.isInteractive else {
      editor = nil
      return
    }
    editor = el_init(program, cle_stdin(), cle_stdout(), cle_stderr())
    if let editor {
      _ = cle_set_editor(editor, "emacs")
      _ = cle_set_clientdata(editor, Unmanaged.passUnretained(self).toOpaque())
      _ = cle_set_prompt(editor) { editLine in
        guard let editLine, let data = cle_get_clientdata(editLine) else { return nil }
        return Unmanaged<TerminalLineReader>.fromOpaque(data).takeUnretainedValue().prompt
      }
      el_source(editor, nil)
    }
  }

  deinit {
    if let editor { el_end(editor) }
    free(prompt)
  }

  /// Reads one line, showing `prompt` on a terminal.
  public func readLine(prompt text: String) -> Input {
    guard let editor else {
      guard let line = Swift.readLine(strippingNewline: true) else { return .endOfInput }
      return .line(line)
    }
    free(prompt)
    prompt = strdup(text)!
    var count: Int32 = 0
    errno = 0
    guard let raw = el_gets(editor, &count) else {
      return count == -1 && errno == EINTR ? .interrupted : .endOfInput
    }
    var line = String(decoding: UnsafeRawBufferPointer(start: raw, count: Int(count)), as: UTF8.self)
    if line.hasSuffix("\n") { line.removeLast() }
    return .line(line)
  }
}
