import ArgumentParser
import TShellEditor

/// `tshell lsp`: the language server editors start for `.tmp` files.
struct LSPCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "tshell lsp",
    abstract: "Serve the Language Server Protocol on standard input and output, for editors.",
    discussion: """
      Editors start it for .tmp files (docs/editors.md shows VS Code and Neovim). It offers \
      diagnostics as you type (the messages of tshell --check), completion (commands, flags, \
      variables, builtins), hover (help for commands and builtins, a variable's literal value), \
      go to definition and references (functions and variables, through source'd files), \
      document symbols and formatting (tshell fmt). It reads files a document sources and \
      lists folders for file names; it never runs code and never opens a network connection.

      Exit codes: 0 after the client's shutdown and exit, 1 when the input ends without them.
      """
  )

  func run() throws {
    // The parser recurses once per level of nesting, as it does when a script runs.
    LargeStack.run {
      terminate(LanguageServer(version: TShellVersion.current).run())
    }
  }
}
