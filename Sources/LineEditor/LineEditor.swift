import CLibEdit

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reads lines from standard input: with libedit's editing, history and completion on a
/// terminal, plainly (no prompt) otherwise. The only code in tshell that touches the terminal.
public final class LineEditor {
  /// What one read produced.
  public enum Input: Equatable, Sendable {
    /// A line, without its newline.
    case line(String)
    /// Ctrl-C: the partial line was discarded.
    case interrupted
    /// Ctrl-D on an empty line, or the end of piped input.
    case endOfInput
  }

  /// Proposes completions for the text before the cursor.
  public typealias Completer = (_ textBeforeCursor: String) -> Completion

  private let editor: OpaquePointer?
  private let history: OpaquePointer?
  private let historyPath: String?
  private var prompt: UnsafeMutablePointer<CChar>
  let completer: Completer?
  /// Readable when Ctrl-C was pressed; watched next to the terminal while a line is read.
  let interruptDescriptor: Int32?
  /// Whether the terminal made signals of Ctrl-C and Ctrl-Z before libedit took it over.
  private var terminalSignals = false

  /// Whether standard input is a terminal (only then is libedit used and a prompt shown).
  public static var isInteractive: Bool { isatty(STDIN_FILENO) == 1 }

  /// An editor for `program` (the name `~/.editrc` sections use), keeping at most
  /// `historySize` lines in `historyPath` (mode 0600), completing with `completer`. A byte on
  /// `interruptDescriptor` ends the line being read as `.interrupted` (Ctrl-C).
  public init(
    program: String, historyPath: String? = nil, historySize: Int = 1000, completer: Completer? = nil,
    interruptDescriptor: Int32? = nil
  ) {
    prompt = strdup("") ?? UnsafeMutablePointer<CChar>.allocate(capacity: 1)
    prompt[0] = 0
    self.historyPath = historyPath
    self.completer = completer
    self.interruptDescriptor = interruptDescriptor
    guard LineEditor.isInteractive else {
      editor = nil
      history = nil
      return
    }
    LineEditor.useUTF8Locale()
    var modes = termios()
    terminalSignals = tcgetattr(STDIN_FILENO, &modes) == 0 && modes.c_lflag & tcflag_t(ISIG) != 0
    editor = el_init(program, cle_stdin(), cle_stdout(), cle_stderr())
    history = history_init()
    guard let editor else { return }
    _ = cle_set_editor(editor, "emacs")
    // No EL_SIGNAL: libedit's handlers re-raise signals process-wide, and in a process with
    // several threads Ctrl-C then sometimes never reaches the read it must interrupt. libedit
    // reads the window size before each line anyway; tshell handles Ctrl-C and Ctrl-Z itself.
    _ = cle_set_signal(editor, 0)
    _ = cle_set_clientdata(editor, Unmanaged.passUnretained(self).toOpaque())
    // Text between two \u{1} in the prompt (colour codes) takes no room on the screen.
    _ = cle_set_prompt_esc(
      editor,
      { editLine in
        guard let editLine, let data = cle_get_clientdata(editLine) else { return nil }
        return Unmanaged<LineEditor>.fromOpaque(data).takeUnretainedValue().prompt
      }, 1)
    if let history {
      _ = cle_history_setsize(history, Int32(historySize))
      _ = cle_history_setunique(history, 1)
      if let historyPath { _ = cle_history_load(history, historyPath) }
      _ = cle_set_history(editor, history)
    }
    _ = cle_add_function(editor, "tshell-complete", "Complete the word before the cursor") { editLine, _ in
      guard let editLine, let data = cle_get_clientdata(editLine) else { return UInt8(CC_ERROR) }
      return Unmanaged<LineEditor>.fromOpaque(data).takeUnretainedValue().complete(editLine)
    }
    if interruptDescriptor != nil {
      _ = cle_set_getcfn(editor) { editLine, character in
        guard let editLine, let character, let data = cle_get_clientdata(editLine) else { return -1 }
        return Unmanaged<LineEditor>.fromOpaque(data).takeUnretainedValue().readCharacter(into: character)
      }
    }
    _ = cle_bind(editor, "^I", "tshell-complete")
    _ = cle_bind(editor, "^R", "em-inc-search-prev")
    // Last, so that ~/.editrc (or $EDITRC) can change any of the above.
    el_source(editor, nil)
  }

  deinit {
    if let history { history_end(history) }
    if let editor { el_end(editor) }
    free(prompt)
  }

  /// Reads one line, showing `prompt` on a terminal.
  public func readLine(prompt text: String) -> Input {
    guard let editor else {
      guard let line = Swift.readLine(strippingNewline: true) else { return .endOfInput }
      return .line(line)
    }
    // A Ctrl-C from while a command ran is spent.
    if let interruptDescriptor { drain(interruptDescriptor) }
    if let copy = strdup(text) {
      free(prompt)
      prompt = copy
    }
    var count: Int32 = 0
    errno = 0
    guard let raw = el_gets(editor, &count) else {
      return count == -1 && errno == EINTR ? .interrupted : .endOfInput
    }
    var line = String(decoding: UnsafeRawBufferPointer(start: raw, count: Int(count)), as: UTF8.self)
    if line.hasSuffix("\n") { line.removeLast() }
    return .line(line)
  }

  /// Whether Ctrl-C was pressed since the last line was read (it is spent at the next read).
  /// A program that resets its cancellation before running the line asks this afterwards, so that
  /// a Ctrl-C pressed just as the line was entered is not lost.
  public var hasPendingInterrupt: Bool {
    guard let interruptDescriptor else { return false }
    var watched = pollfd(fd: interruptDescriptor, events: Int16(POLLIN), revents: 0)
    return poll(&watched, 1, 0) > 0 && watched.revents & Int16(POLLIN) != 0
  }

  /// Adds `line` to the history and saves the history file (mode 0600).
  public func remember(_ line: String) {
    guard let history, !line.isEmpty else { return }
    _ = cle_history_enter(history, line)
    guard let historyPath else { return }
    _ = cle_history_save(history, historyPath)
    chmod(historyPath, 0o600)
  }

  /// The history, oldest first.
  public var historyEntries: [String] {
    guard let history else { return [] }
    var entries: [String] = []
    var entry = cle_history_last(history)
    while let text = entry {
      entries.append(String(cString: text))
      entry = cle_history_prev(history)
    }
    return entries
  }

  /// The terminal's width in columns (80 when unknown).
  public var columns: Int {
    var size = winsize()
    if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
    return 80
  }

  /// The terminal's height in rows (24 when unknown).
  public var rows: Int {
    var size = winsize()
    if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_row > 0 { return Int(size.ws_row) }
    return 24
  }

  /// libedit's character source: the next character from the terminal (1), end of input (0),
  /// or -1 with EINTR once the interrupt descriptor is readable.
  private func readCharacter(into character: UnsafeMutablePointer<wchar_t>) -> Int32 {
    keepTerminalSignals()
    var bytes: [CChar] = []
    var state = mbstate_t()
    while true {
      var watched = [pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)]
      if let interruptDescriptor { watched.append(pollfd(fd: interruptDescriptor, events: Int16(POLLIN), revents: 0)) }
      if poll(&watched, nfds_t(watched.count), -1) < 0 {
        if errno == EINTR { continue }
        return -1
      }
      if watched.count > 1, watched[1].revents != 0, let interruptDescriptor {
        drain(interruptDescriptor)
        errno = EINTR
        return -1
      }
      guard watched[0].revents != 0 else { continue }
      var byte: CChar = 0
      let count = read(STDIN_FILENO, &byte, 1)
      if count < 0 && errno == EINTR { continue }
      guard count == 1 else { return Int32(count) }
      bytes.append(byte)
      state = mbstate_t()
      // size_t comes into Swift as Int: (size_t)-2 is -2.
      let incomplete = -2
      let invalid = -1
      let decoded = bytes.withUnsafeBufferPointer { mbrtowc(character, $0.baseAddress, $0.count, &state) }
      if decoded == incomplete && bytes.count < Int(MB_LEN_MAX) { continue }  // more bytes to come
      if decoded == incomplete || decoded == invalid {
        bytes.removeAll()  // not UTF-8: dropped, as libedit's own reader does
        continue
      }
      return 1
    }
  }

  /// A Ctrl-D typed while a command ran (the terminal in line mode) makes libedit's next switch
  /// to its own mode drop ISIG, after which Ctrl-C would reach tshell as a plain character.
  private func keepTerminalSignals() {
    guard terminalSignals else { return }
    var modes = termios()
    guard tcgetattr(STDIN_FILENO, &modes) == 0, modes.c_lflag & tcflag_t(ISIG) == 0,
      modes.c_lflag & tcflag_t(ICANON) == 0
    else { return }
    modes.c_lflag |= tcflag_t(ISIG)
    tcsetattr(STDIN_FILENO, TCSANOW, &modes)
  }

  /// Reads everything waiting on a non-blocking descriptor.
  private func drain(_ descriptor: Int32) {
    var buffer = [UInt8](repeating: 0, count: 64)
    while read(descriptor, &buffer, buffer.count) > 0 {}
  }

  /// libedit drops every byte its locale cannot decode, so it must be a UTF-8 one: the
  /// environment's, else C.UTF-8.
  private static func useUTF8Locale() {
    setlocale(LC_CTYPE, "")
    if let codeset = nl_langinfo(nl_item(CODESET)), String(cString: codeset) == "UTF-8" { return }
    setlocale(LC_CTYPE, "C.UTF-8")
  }
}
