import ArgumentParser
import TShellCommands
import TShellJSON
import TShellPath

/// `tshell jsonpath QUERY [FILE]`: a stable interface for running RFC 9535 queries.
struct JSONPathCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "tshell jsonpath",
    abstract: "Run an RFC 9535 JSONPath query over a JSON document.",
    discussion: """
      Prints the selected nodes as one compact JSON array on one line, or their normalized paths \
      with --paths. Reads FILE, or standard input when FILE is absent or '-'.

      Exit codes: 0 ok (also when nothing matched), 1 invalid JSON or unreadable input, 2 invalid \
      query.

      Examples:
        tshell jsonpath '$[?@.tier == "paid"].id' accounts.json
        curl -s … | tshell jsonpath --ndjson '$..name'
        tshell jsonpath --raw '$.keys[*].name' keys.json | xargs -n 1 echo
      """
  )

  @Argument(help: "The RFC 9535 query, e.g. '$.keys[*].name'.", completion: .list([]))
  var query: String

  @Argument(help: "The JSON file to read ('-' or absent: standard input).", completion: .file())
  var file: String = "-"

  @Flag(help: "Print normalized paths (e.g. $['a'][0]) instead of values.")
  var paths = false

  @Flag(help: "Print one node per line instead of one array.")
  var ndjson = false

  @Flag(help: "Print one node per line, strings as their text (no quotes or escapes), as jq -r.")
  var raw = false

  func run() throws {
    try Options(query: query, file: file, paths: paths, ndjson: ndjson, raw: raw).run()
  }

  /// What a `tshell jsonpath` command line asked for, however it was parsed.
  struct Options: Equatable {
    var query = ""
    var file = "-"
    var paths = false
    var ndjson = false
    var raw = false

    func run() throws {
      let path: JSONPath
      do {
        path = try JSONPath(query)
      } catch {
        let diagnostic = error.diagnostic(file: "<query>", source: query)
        throw CommandFailure(message: diagnostic.render(colors: StandardStreams.errorColors), exitCode: 2)
      }
      let name = file == "-" ? "<stdin>" : file
      let document: JSONDocument
      do {
        document = try JSONDocument(try InputFile.read(file))
      } catch let error as InputFile.ReadError {
        throw CommandFailure(message: "tshell: \(error.message)", exitCode: 1)
      } catch let error as JSONParseError {
        throw CommandFailure(
          message: "\(name):\(error.line):\(error.column): error: invalid JSON: \(error.message) (byte \(error.offset))",
          exitCode: 1)
      }
      var output = NodeListWriter(ndjson: ndjson || raw, raw: raw)
      path.forEachNode(in: document, paths: paths) { node, normalizedPath in
        if let normalizedPath {
          output.write(string: normalizedPath)
        } else {
          output.write(document, node)
        }
        return true
      }
      output.finish()
    }
  }
}
