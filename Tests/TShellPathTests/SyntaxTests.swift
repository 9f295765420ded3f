import TShellPath
import TShellTestSupport
import Testing

@Suite("JSONPath syntax")
struct SyntaxTests {
  @Test(arguments: [
    "$", "$.a", "$['a']", "$[\"a\"]", "$.*", "$[*]", "$[0]", "$[-1]", "$[1:2]", "$[::]", "$[:]", "$[::-1]", "$..a",
    "$..*", "$..[0]", "$[?@.a]", "$[?@.a==1]", "$[ 'a' , 1 ]", "$ .a", "$\n.a\t[0]", "$.a_b1", "$._", "$.é", "$.☺",
    "$['\\u00e9\\uD83D\\uDE00']", "$[\"'\"]", "$['\"']", "$[?(@.a)]", "$[?!(@.a)]", "$[?@.a<1]", "$[?$.x]",
    "$[9007199254740991]", "$[-9007199254740991]", "$[?@ == -0]", "$[?@ == 1.5e-3]", "$[?@ == 1E+3]",
    "$[? @.a ]", "$[?@.a&&@.b]", "$[?@.a||@.b]", "$[?length( @.a )==1]", "$[?@ == 'a\\'b']", "$[?@ == \"a\\\"b\"]",
  ])
  func accepts(_ query: String) {
    #expect((try? JSONPath(query)) != nil, "\(query)")
  }

  @Test(arguments: [
    "", " $", "$ ", "a", "@", "$.", "$..", "$.1", "$.&", "$[", "$[]", "$[0 1]", "$['a'", "$[-0]", "$[01]",
    "$[9007199254740992]", "$[-9007199254740992]", "$[1:2:3:4]", "$[?]", "$[?@.a==]", "$[?@.a=1]", "$[?@.a === 1]",
    "$['\\x']", "$[\"\\'\"]", "$['\\\"']", "$['\\ud800']", "$['\\udc00']", "$['\\u12']", "$['a\u{01}']",
    "$[?@ == 01]", "$[?@ == 1.]", "$[?@ == .5]", "$[?@ == +1]", "$[?@ == 1e]", "$[?@ == True]", "$[?@.a && ]",
    "$[?(@.a]", "$[?@.a)]", "$.a.", "$.a..", "$[?!@.a == 1]", "$[?@.a !]", "$[? LENGTH(@) == 1]", "$[?length (@) == 1]",
    "$.a b", "$[\"a\",]", "$[,\"a\"]", "$[*,]", "$..['a'", "$['a']['b'", "$[?@['a'] == 'x'",
  ])
  func rejects(_ query: String) {
    #expect(throws: JSONPathSyntaxError.self, "\(query)") { try JSONPath(query) }
  }

  @Test func diagnosticPointsAtTheProblem() {
    let query = "$.store.book[?@.price < 10 &&]"
    do {
      _ = try JSONPath(query)
      Issue.record("expected an error")
    } catch {
      #expect(
        error.diagnostic(source: query).render(colors: false) == """
          <query>:1:30: error: unexpected ']'; expected a query (@… or $…), a literal or a function call
          1 | $.store.book[?@.price < 10 &&]
            |                              ^
          """)
    }
  }

  @Test(arguments: [
    ("$.a[", "<query>:1:5: error: unexpected end of query; expected a selector\n1 | $.a[\n  |     ^"),
    (" $", "<query>:1:1: error: blank space is not allowed at the start of a query\n1 |  $\n  | ^"),
    ("$.a ", "<query>:1:4: error: blank space is not allowed at the end of a query\n1 | $.a \n  |    ^"),
    ("$[-0]", "<query>:1:3: error: -0 is not a valid index\n1 | $[-0]\n  |   ^~\n  = hint: write 0"),
    (
      "$.1a",
      "<query>:1:3: error: unexpected '1'; expected a member name or '*' after '.'\n1 | $.1a\n  |   ^\n  = hint: a name cannot start with a digit; for an index write [1]"
    ),
    (
      "$[?length(@.*) > 1]",
      "<query>:1:11: error: argument 1 of length() must be a single value, but this query can select many nodes\n1 | $[?length(@.*) > 1]\n  |           ^~~\n  = hint: use a singular query (names and indices only), e.g. @.name or @[0]"
    ),
    (
      "$[?sizeof(@) > 1]",
      "<query>:1:4: error: unknown function 'sizeof'\n1 | $[?sizeof(@) > 1]\n  |    ^~~~~~\n  = hint: the functions are length(), count(), match(), search(), value()"
    ),
    (
      "$[?@.* == 1]",
      "<query>:1:4: error: a query in a comparison must be singular, but this one can select many nodes\n1 | $[?@.* == 1]\n  |    ^~~\n  = hint: use names and indices only (e.g. @.a[0]), or test existence without comparing"
    ),
    ("$['é", "<query>:1:3: error: unterminated string\n1 | $['é\n  |   ^\n  = hint: close it with '"),
    (
      "$.é.[0]",
      "<query>:1:5: error: unexpected '['; expected a member name or '*' after '.'\n1 | $.é.[0]\n  |     ^\n  = hint: quote other names: ['my name']"
    ),
  ])
  func messages(_ query: String, _ rendered: String) {
    do {
      _ = try JSONPath(query)
      Issue.record("\(query) should be invalid")
    } catch {
      #expect(error.diagnostic(source: query).render(colors: false) == rendered)
    }
  }

  @Test func singularQueries() throws {
    #expect(try JSONPath("$.a[0]['b'][-1]").isSingular)
    #expect(try JSONPath("$").isSingular)
    #expect(try !JSONPath("$.a[*]").isSingular)
    #expect(try !JSONPath("$..a").isSingular)
    #expect(try !JSONPath("$[0:1]").isSingular)
    #expect(try !JSONPath("$[0,1]").isSingular)
  }

  @Test func embeddedParsingStopsAtTheEndOfThePath() throws {
    let source = Array("$.a[0].b | length".utf8)
    var parser = JSONPathParser(utf8: source, at: 0, options: JSONPathParser.Options(allowsBlankBetweenSegments: false))
    let query = try parser.parseQuery()
    #expect(query.segments.count == 3)
    #expect(parser.position == 8)
  }

  @Test func variablesInFilters() throws {
    var parser = JSONPathParser(utf8: Array("$[?@.name == $wanted]".utf8), options: JSONPathParser.Options(allowsVariables: true))
    let path = JSONPath(query: try parser.parseQuery())
    let value: JSONValue = [["name": "a"], ["name": "b"]]
    #expect(path.select(in: value) { $0 == "wanted" ? "b" : nil } == [["name": "b"]])
    #expect(throws: JSONPathSyntaxError.self) { try JSONPath("$[?@.name == $wanted]") }
  }
}

/// Random and mutated queries must only ever produce a query or a `JSONPathSyntaxError`.
@Suite("JSONPath parser robustness")
struct JSONPathFuzzTests {
  @Test func mutatedQueries() {
    var random = SplitMix64(seed: 9535)
    let seeds = [
      "$.store.book[?@.price < 10 && @.isbn].title", "$..[?match(@.a, '[a-z]+') || count(@.*) > 1][-1:0:-2]",
      "$['a\\u00e9\\'',\"b\"][?!(@ == $.x) && value(@..y) != null]",
    ]
    let alphabet = Array("$@.[]()?*'\",:=!<>&|-0123456789abcdefgilmnorstuvx \\{}\u{01}é".unicodeScalars)
    for _ in 0..<20_000 {
      var scalars = Array(seeds[Int(random.next() % 3)].unicodeScalars)
      for _ in 0..<(1 + random.next() % 4) {
        let position = Int(random.next() % UInt64(scalars.count + 1))
        let scalar = alphabet[Int(random.next() % UInt64(alphabet.count))]
        if random.next() % 2 == 0 && position < scalars.count {
          scalars.remove(at: position)
        } else {
          scalars.insert(scalar, at: position)
        }
      }
      var text = ""
      text.unicodeScalars.append(contentsOf: scalars)
      do {
        let path = try JSONPath(text)
        _ = path.select(in: [["a": 1, "b": [1, "x", nil]], "abc", 1.5])
      } catch {
        #expect(error.offset >= 0 && error.offset <= text.utf8.count)
        _ = error.diagnostic(source: text).render(colors: true)
      }
    }
  }
}
