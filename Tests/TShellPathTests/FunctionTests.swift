import TShellPath
import Testing

@Suite("Function extensions")
struct FunctionTests {
  @Test func length() throws {
    let document = #"[{"v": "abc"}, {"v": "é😀"}, {"v": [1, 2, 3, 4]}, {"v": {"a": 1}}, {"v": 5}, {"v": null}, {}]"#
    #expect(try select("$[?length(@.v) == 3]", in: document) == [#"{"v":"abc"}"#])
    #expect(try select("$[?length(@.v) == 2]", in: document) == [#"{"v":"é😀"}"#])
    #expect(try select("$[?length(@.v) == 4]", in: document) == [#"{"v":[1,2,3,4]}"#])
    #expect(try select("$[?length(@.v) == 1]", in: document) == [#"{"v":{"a":1}}"#])
    // Numbers, null and Nothing have no length: the comparison with Nothing is false.
    #expect(try select("$[?length(@.v) >= 0]", in: document).count == 4)
    #expect(try select("$[?length('four') == 4]", in: "[0]") == ["0"])
    #expect(try select("$[?length(length(@.v)) == 1]", in: document).isEmpty)
  }

  @Test func count() throws {
    let document = #"[{"a": [1, 2]}, {"a": []}, {"b": {"c": 1, "d": {"c": 2}}}]"#
    #expect(try select("$[?count(@.a[*]) == 2]", in: document) == [#"{"a":[1,2]}"#])
    #expect(try select("$[?count(@..c) == 2]", in: document) == [#"{"b":{"c":1,"d":{"c":2}}}"#])
    #expect(try select("$[?count(@.*) == 1]", in: document).count == 3)
    #expect(try select("$[?count($[*]) == 3]", in: document).count == 3)
  }

  @Test func match() throws {
    let document = #"["2024-01-02", "x2024-01-02", "abc", "ABC", "a\nc", "é", 7]"#
    #expect(try select("$[?match(@, '[0-9]{4}-[0-9]{2}-[0-9]{2}')]", in: document) == [#""2024-01-02""#])
    // \d is not I-Regexp (RFC 9485 has only \p{Nd}); an invalid pattern matches nothing.
    #expect(try select(#"$[?match(@, '\\d+')]"#, in: document).isEmpty)
    #expect(try select("$[?match(@, '[a-z]+')]", in: document) == [#""abc""#])
    #expect(try select("$[?match(@, 'a.c')]", in: document) == [#""abc""#])
    #expect(try select(#"$[?match(@, '\\p{Lu}+')]"#, in: document) == [#""ABC""#])
    #expect(try select(#"$[?match(@, '\\p{L}')]"#, in: document) == [#""é""#])
    #expect(try select("$[?match(@, 'a|ABC')]", in: document) == [#""ABC""#])
    #expect(try select("$[?match(@, '(')]", in: document).isEmpty)
    #expect(try select("$[?match(@, @)]", in: document).count == 6)
  }

  @Test func search() throws {
    let document = #"["2024-01-02", "x2024-01-02", "abc", "", "bab"]"#
    #expect(try select(#"$[?search(@, '\\p{Nd}{4}')]"#, in: document) == [#""2024-01-02""#, #""x2024-01-02""#])
    #expect(try select("$[?search(@, 'b')]", in: document) == [#""abc""#, #""bab""#])
    #expect(try select("$[?search(@, '')]", in: document).count == 5)
    // ^ and $ anchor (the compliance test suite's "explicit caret" and "explicit dollar").
    #expect(try select("$[?search(@, '^a')]", in: document) == [#""abc""#])
    #expect(try select("$[?search(@, 'b$')]", in: document) == [#""bab""#])
    #expect(try select("$[?match(@, '^ab.*')]", in: #"["abc", "axc", "ab", "xab"]"#) == [#""abc""#, #""ab""#])
    #expect(try select("$[?match(@, '.*bc$')]", in: #"["abc", "axc", "ab", "xbc"]"#) == [#""abc""#, #""xbc""#])
    #expect(try select("$[?!search(@, 'a')]", in: document) == [#""2024-01-02""#, #""x2024-01-02""#, #""""#])
  }

  @Test func value() throws {
    let document = #"[{"c": "red"}, {"d": {"c": "red"}}, {"c": "blue", "d": {"c": "red"}}]"#
    #expect(try select("$[?value(@..c) == 'red']", in: document) == [#"{"c":"red"}"#, #"{"d":{"c":"red"}}"#])
    #expect(try select("$[?value(@.*) == 'red']", in: document) == [#"{"c":"red"}"#])
  }

  /// §2.4.9, Table 14: well-typedness (the examples that use only the standard functions).
  @Test(arguments: [
    ("$[?length(@) < 3]", true),
    ("$[?length(@.*) < 3]", false),
    ("$[?count(@.*) == 1]", true),
    ("$[?count(1) == 1]", false),
    ("$[?match(@.timezone, 'Europe/.*')]", true),
    ("$[?match(@.timezone, 'Europe/.*') == true]", false),
    ("$[?value(@..color) == \"red\"]", true),
    ("$[?value(@..color)]", false),
    ("$[?length(@)]", false),
    ("$[?count(@.*)]", false),
    ("$[?search(@, 'a')]", true),
    ("$[?match(@)]", false),
    ("$[?match(@, 'a', 'b')]", false),
    ("$[?length(@, 1) == 1]", false),
    ("$[?length() == 1]", false),
    ("$[?foo(@) == 1]", false),
    ("$[?@.* == 1]", false),
    ("$[?@..a == 1]", false),
    ("$[?@[0, 1] == 1]", false),
    ("$[?@['a'][-1] == 1]", true),
    ("$[?1 == 1]", true),
    ("$[?1]", false),
    ("$[?'a']", false),
    ("$[?true]", false),
    ("$[?!count(@.*) == 1]", false),
    ("$[?(count(@.*) == 1)]", true),
  ])
  func wellTypedness(_ query: String, _ valid: Bool) {
    #expect(((try? JSONPath(query)) != nil) == valid, "\(query)")
  }
}
