import TShellJSON
import TShellLanguage

/// Completion, hover, definition, references, document symbols and formatting.
extension LanguageServer {
  func completion(_ parameters: JSONValue) throws(Failure) -> JSONValue {
    let document = try document(parameters)
    let offset = try offset(parameters, in: document)
    // While the line being typed is broken, the lines before it still declare names.
    let lineStart = document.utf8[..<offset].lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
    let earlier = SourceFile(name: document.path, text: String(decoding: document.utf8[..<lineStart], as: UTF8.self))
    let index = symbols(of: document) ?? (try? Parser.parse(earlier, symbols: SymbolTable())).map(SymbolIndex.init)
    let declared = index?.occurrences.filter(\.isDeclaration) ?? []
    var variables: [String: JSONValue] = ["args": .array([])]
    for occurrence in declared where occurrence.kind == .variable { variables[occurrence.name] = .null }
    let interpreter = Interpreter(host: host)
    let hostNames = Set(host.commands.map(\.name))
    let functions = declared.filter { $0.kind == .function }.map(\.name)
    let directory = TextDocument.directory(of: document.path)
    let context = CompletionContext(
      commands: host.commands, functionNames: interpreter.commandNames.filter { !hostNames.contains($0) } + functions,
      variables: variables, lastResult: nil, files: { DirectoryListing.entries(of: $0, from: directory) })
    let before = String(decoding: document.utf8[..<offset], as: UTF8.self)
    let proposal = CompletionEngine.complete(before, context: context)
    let start = offset - proposal.word.utf8.count
    let range = document.range(SourceSpan(start, offset))
    let items = proposal.candidates.filter { $0.hasPrefix(proposal.word) }.map { candidate -> JSONValue in
      [
        "label": .string(candidate),
        "kind": .int(LanguageServer.completionKind(candidate, commands: hostNames)),
        "textEdit": ["range": range, "newText": .string(candidate)],
      ]
    }
    return ["isIncomplete": false, "items": .array(items)]
  }

  /// LSP's CompletionItemKind for a candidate.
  static func completionKind(_ candidate: String, commands: Set<String>) -> Int {
    if candidate.hasPrefix("$") { return 6 }  // Variable
    if candidate.hasPrefix("--") { return 10 }  // Property
    if Parser.keywords.contains(candidate) || Interpreter.statementHelpTopics.contains(candidate) { return 14 }  // Keyword
    if commands.contains(candidate) || commands.contains(where: { $0.hasPrefix(candidate + " ") }) { return 2 }  // Method
    return 3  // Function: a builtin or the document's own
  }

  func hover(_ parameters: JSONValue) throws(Failure) -> JSONValue {
    let document = try document(parameters)
    let offset = try offset(parameters, in: document)
    let analysis = analyze(document)
    guard let program = analysis.program, let index = analysis.index else { return .null }
    var text: String?
    var span: SourceSpan?
    if let occurrence = index.occurrence(at: offset) {
      span = occurrence.span
      if occurrence.kind == .variable {
        text = variableHover(occurrence, program: program)
      } else if let declaration = index.declaration(of: occurrence.name, .function, before: offset),
        let statement = declaration.statementSpan
      {
        let header = document.text(of: SourceSpan(statement.start, statement.end)).prefix { $0 != "{" }
        text = "```tshell\n\(header.trimmingSuffix(" "))\n```"
      }
    }
    if text == nil,
      let (topic, topicSpan) = HoverTopic.find(
        at: offset, in: program, resolver: analysis.interpreter.resolver, document: document)
    {
      if let help = try? analysis.interpreter.help(topic) {
        text = "```\n\(help.trimmingSuffix("\n"))\n```"
        span = topicSpan
      }
    }
    guard let text else { return .null }
    var result: JSONValue = ["contents": ["kind": "markdown", "value": .string(text)]]
    if let span, case .object(var object) = result {
      object.set("range", document.range(span))
      result = .object(object)
    }
    return result
  }

  /// A variable's hover: the literal it was last given before here, where one was.
  private func variableHover(_ occurrence: SymbolIndex.Occurrence, program: Program) -> String {
    var literal: JSONValue?
    SyntaxWalk(
      statement: { statement in
        if case .assignment(let target, let value, let span) = statement, target.variable.name == occurrence.name,
          target.steps.isEmpty, span.start < occurrence.span.start
        {
          if case .literal(let written, _) = value { literal = written } else { literal = nil }
        }
        return true
      }, expression: { _ in true }
    ).walk(program.statements)
    guard let literal else { return "```tshell\n$\(occurrence.name)\n```" }
    return "```tshell\n$\(occurrence.name) = \(JSONPrinter.string(literal))\n```"
  }

  func definition(_ parameters: JSONValue) throws(Failure) -> JSONValue {
    let document = try document(parameters)
    let offset = try offset(parameters, in: document)
    guard let index = analyze(document).index, let occurrence = index.occurrence(at: offset) else { return .null }
    if let local = index.declaration(of: occurrence.name, occurrence.kind, before: offset) {
      return location(document.uri, document, local.span)
    }
    for file in sourcedFiles(of: document, index) {
      if let found = file.index.declaration(of: occurrence.name, occurrence.kind, before: .max), found.isTopLevel {
        return location(file.document.uri, file.document, found.span)
      }
    }
    return .null
  }

  func references(_ parameters: JSONValue) throws(Failure) -> JSONValue {
    let document = try document(parameters)
    let offset = try offset(parameters, in: document)
    guard let index = analyze(document).index, let occurrence = index.occurrence(at: offset) else { return [] }
    let includeDeclaration = parameters["context"]?["includeDeclaration"] != .bool(false)
    var locations: [JSONValue] = []
    let files = [(document: document, index: index)] + sourcedFiles(of: document, index)
    for (file, fileIndex) in files {
      let isSourced = file.uri != document.uri
      for found in fileIndex.occurrences(of: occurrence.name, occurrence.kind)
      where (includeDeclaration || !found.isDeclaration) && (!isSourced || found.isTopLevel || occurrence.kind == .function) {
        locations.append(location(file.uri, file, found.span))
      }
    }
    return .array(locations)
  }

  func documentSymbols(_ parameters: JSONValue) throws(Failure) -> JSONValue {
    let document = try document(parameters)
    guard let index = analyze(document).index else { return [] }
    var symbols: [(start: Int, value: JSONValue)] = []
    var seenVariables: Set<String> = []
    for occurrence in index.occurrences where occurrence.isDeclaration && occurrence.isTopLevel {
      let whole = occurrence.statementSpan ?? occurrence.span
      let name = occurrence.kind == .variable ? "$" + occurrence.name : occurrence.name
      if occurrence.kind == .variable {
        guard seenVariables.insert(occurrence.name).inserted else { continue }
      }
      let detail = occurrence.kind == .function ? document.text(of: whole).prefix { $0 != "{" }.trimmingSuffix(" ") : ""
      symbols.append(
        (
          whole.start,
          [
            "name": .string(name), "detail": .string(detail), "kind": .int(occurrence.kind == .function ? 12 : 13),
            "range": document.range(whole), "selectionRange": document.range(occurrence.span),
          ]
        ))
    }
    for test in index.tests {
      symbols.append(
        (
          test.span.start,
          [
            "name": .string(test.name), "detail": "test", "kind": 6, "range": document.range(test.span),
            "selectionRange": document.range(SourceSpan(test.span.start, test.span.start + 4)),
          ]
        ))
    }
    return .array(symbols.sorted { $0.start < $1.start }.map(\.value))
  }

  func formatting(_ parameters: JSONValue) throws(Failure) -> JSONValue {
    let document = try document(parameters)
    let formatted: String
    do {
      formatted = try Formatter.format(SourceFile(name: document.path, text: document.text))
    } catch {
      throw Failure(code: Failure.requestFailed, message: "the document does not parse: \(error.message)")
    }
    guard formatted != document.text else { return [] }
    return [["range": document.fullRange, "newText": .string(formatted)]]
  }

  // MARK: - Helpers

  private func location(_ uri: String, _ document: TextDocument, _ span: SourceSpan) -> JSONValue {
    ["uri": .string(uri), "range": document.range(span)]
  }

  /// The files a document (whose names are `index`) `source`s with a literal path, and theirs,
  /// each once, parsed.
  private func sourcedFiles(of document: TextDocument, _ index: SymbolIndex) -> [(document: TextDocument, index: SymbolIndex)] {
    var found: [(document: TextDocument, index: SymbolIndex)] = []
    var visited: Set<String> = [document.path]
    var queue = [(path: document.path, index: index)]
    while !queue.isEmpty, found.count < 32 {
      let (path, index) = queue.removeFirst()
      for (written, _) in index.sourcedFiles {
        let file = SymbolIndex.sourcedPath(written, from: path)
        guard visited.insert(file).inserted, let text = text(ofFile: file) else { continue }
        let sourced = TextDocument(uri: TextDocument.uri(of: file), version: 0, text: text)
        guard let program = try? Interpreter(host: host).parse(text, name: file) else { continue }
        let sourcedIndex = SymbolIndex(program)
        found.append((sourced, sourcedIndex))
        queue.append((file, sourcedIndex))
      }
    }
    return found
  }
}

extension StringProtocol {
  fileprivate func trimmingSuffix(_ character: Character) -> String {
    var text = Substring(self)
    while text.last == character { text = text.dropLast() }
    return String(text)
  }
}
