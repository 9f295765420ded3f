import TShellCommands
import TShellJSON
import TShellLanguage

/// The host the language server parses and looks names up with: tshell's commands, and no
/// effects at all (an editor's document is read, never run).
final class EditorHost: LanguageHost {
  let commands: [CommandDescription] = CommandRegistry.standard.descriptions

  func printResult(_ value: JSONValue) {}
  func writeOutput(_ text: String) {}
  func writeError(_ text: String) {}
  func readFile(_ path: String) throws -> String { throw HostRefusal.unavailable("the file system") }
  func writeFile(_ path: String, contents: String, append: Bool) throws { throw HostRefusal.unavailable("the file system") }
  func environmentVariable(_ name: String) -> String? { nil }
  func sleep(seconds: Double, cancellation: CancellationToken) throws {}
  func monotonicSeconds() -> Double { 0 }
  func history() -> [String] { [] }
  func runCommand(_ invocation: CommandInvocation) throws -> JSONValue? {
    throw HostRefusal.unavailable("commands")
  }
}
