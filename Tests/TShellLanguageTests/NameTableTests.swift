import TShellTestSupport
import Testing

@testable import TShellLanguage

@Suite("Name table")
struct NameTableTests {
  @Test func numbersNamesInOrderOfFirstUse() {
    var table = NameTable()
    #expect(table.add("args") == 0)
    #expect(table.add("1") == 1)
    #expect(table.add("args") == 0)
    #expect(table.add("") == 2)
    #expect(table.names == ["args", "1", ""])
    #expect(table.number(of: "1") == 1)
    #expect(table.number(of: "2") == nil)
  }

  /// Many names, with near-duplicates and growth of the slots, agree with a Dictionary.
  @Test func agreesWithADictionary() {
    var generator = SplitMix64(seed: 15)
    var table = NameTable()
    var model: [String: Int] = [:]
    let alphabet = Array("ab_é1😀")
    for _ in 0..<20_000 {
      let length = Int.random(in: 0...6, using: &generator)
      let name = String((0..<length).map { _ in alphabet.randomElement(using: &generator) ?? "a" })
      let expected = model[name] ?? model.count
      model[name] = expected
      #expect(table.add(name) == expected)
    }
    #expect(table.names.count == model.count)
    for (name, number) in model { #expect(table.number(of: name) == number) }
    // Canonically equivalent spellings are one name, as String's == says.
    #expect(table.number(of: "é") != nil)
    #expect(table.number(of: "e\u{301}") == table.number(of: "é"))
  }

  @Test func symbolTableSharesNumbersAcrossThreads() async {
    let symbols = SymbolTable()
    let names = (0..<500).map { "v\($0)" }
    let results = await withTaskGroup(of: [Int].self) { group in
      for _ in 0..<8 { group.addTask { names.map { symbols.id(for: $0) } } }
      return await group.reduce(into: [[Int]]()) { $0.append($1) }
    }
    #expect(Set(results.map { $0 }).count == 1)
    #expect(Set(results[0]).count == names.count)
    for (index, name) in names.enumerated() { #expect(symbols.name(of: results[0][index]) == name) }
  }
}
