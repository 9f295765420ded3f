import ArgumentParser
import Testing

@testable import tshell

/// `--help` texts are wrapped once: argument-parser wraps at 80 columns where the output is no
/// terminal, so a line broken by hand must fit, or it is wrapped a second time mid-sentence.
@Suite("Help texts")
struct HelpTextTests {
  /// Every command whose `--help` a user can ask for.
  static var commands: [any ParsableCommand.Type] {
    var all: [any ParsableCommand.Type] = [TShell.self]
    var pending = Array(TShell.subcommands.values)
    while let command = pending.popLast() {
      all.append(command)
      pending += command.configuration.subcommands
    }
    return all
  }

  /// Lines over 79 columns that are indented (lists, examples: wrapping breaks their columns) or
  /// that a hand-broken line continues (prose wrapped twice).
  static func badLines(_ text: String) -> [String] {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    return lines.indices.filter { index in
      let line = lines[index]
      guard line.count > 79 else { return false }
      let continued = index + 1 < lines.count && !lines[index + 1].isEmpty && lines[index + 1].first != " "
      return line.first == " " || continued
    }.map { lines[$0] }
  }

  @Test func discussionsAreBrokenWhereTheyFit() {
    for command in Self.commands {
      let configuration = command.configuration
      #expect(Self.badLines(configuration.discussion) == [], "\(configuration.commandName ?? "tshell")")
      #expect(Self.badLines(configuration.usage ?? "") == [], "\(configuration.commandName ?? "tshell")")
    }
  }

  @Test func theCheckFindsTextWrappedTwice() {
    let prose = String(repeating: "word ", count: 18) + "end\nof the sentence."
    #expect(Self.badLines(prose).count == 1)
    #expect(Self.badLines("  " + String(repeating: "x", count: 80)).count == 1)
    #expect(Self.badLines(String(repeating: "x", count: 100) + "\n\nnext").isEmpty)
  }
}
