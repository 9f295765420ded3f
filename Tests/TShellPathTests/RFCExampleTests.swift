import TShellPath
import Testing

/// The examples of RFC 9535, table by table.
@Suite("RFC 9535 examples")
struct RFCExampleTests {
  static let bookstore = """
    { "store": {
        "book": [
          { "category": "reference", "author": "Nigel Rees", "title": "Sayings of the Century", "price": 8.95 },
          { "category": "fiction", "author": "Evelyn Waugh", "title": "Sword of Honour", "price": 12.99 },
          { "category": "fiction", "author": "Herman Melville", "title": "Moby Dick", "isbn": "0-553-21311-3", "price": 8.99 },
          { "category": "fiction", "author": "J. R. R. Tolkien", "title": "The Lord of the Rings", "isbn": "0-395-19395-8", "price": 22.99 }
        ],
        "bicycle": { "color": "red", "price": 399 }
      }
    }
    """
  static let books = [
    #"{"category":"reference","author":"Nigel Rees","title":"Sayings of the Century","price":8.95}"#,
    #"{"category":"fiction","author":"Evelyn Waugh","title":"Sword of Honour","price":12.99}"#,
    #"{"category":"fiction","author":"Herman Melville","title":"Moby Dick","isbn":"0-553-21311-3","price":8.99}"#,
    #"{"category":"fiction","author":"J. R. R. Tolkien","title":"The Lord of the Rings","isbn":"0-395-19395-8","price":22.99}"#,
  ]

  /// Table 2: example JSONPath expressions and their intended results.
  @Test(arguments: [
    QueryCase("$.store.book[*].author", [#""Nigel Rees""#, #""Evelyn Waugh""#, #""Herman Melville""#, #""J. R. R. Tolkien""#]),
    QueryCase("$..author", [#""Nigel Rees""#, #""Evelyn Waugh""#, #""Herman Melville""#, #""J. R. R. Tolkien""#]),
    QueryCase("$.store.*", ["[" + books.joined(separator: ",") + "]", #"{"color":"red","price":399}"#]),
    QueryCase("$.store..price", ["8.95", "12.99", "8.99", "22.99", "399"]),
    QueryCase("$..book[2]", [books[2]]),
    QueryCase("$..book[2].author", [#""Herman Melville""#]),
    QueryCase("$..book[2].publisher", []),
    QueryCase("$..book[-1]", [books[3]]),
    QueryCase("$..book[0,1]", [books[0], books[1]]),
    QueryCase("$..book[:2]", [books[0], books[1]]),
    QueryCase("$..book[?@.isbn]", [books[2], books[3]]),
    QueryCase("$..book[?@.price<10]", [books[0], books[2]]),
  ])
  func table2(_ example: QueryCase) throws {
    #expect(try select(example.query, in: RFCExampleTests.bookstore) == example.expected)
  }

  @Test func table2AllMemberValuesAndElements() throws {
    let all = try select("$..*", in: RFCExampleTests.bookstore)
    #expect(all.count == 27)
    #expect(
      all.first == #"{"book":["# + RFCExampleTests.books.joined(separator: ",") + #"],"bicycle":{"color":"red","price":399}}"#)
  }

  /// §2.2.3: the root identifier.
  @Test func rootIdentifier() throws {
    #expect(try select("$", in: #"{"k": "v"}"#) == [#"{"k":"v"}"#])
  }

  /// §2.3.1.3, Table 5: name selector.
  @Test(arguments: [
    QueryCase("$.o['j j']", [#"{"k.k":3}"#]),
    QueryCase("$.o['j j']['k.k']", ["3"]),
    QueryCase(#"$.o["j j"]["k.k"]"#, ["3"]),
    QueryCase(#"$["'"]["@"]"#, ["2"]),
  ])
  func nameSelector(_ example: QueryCase) throws {
    #expect(try select(example.query, in: #"{"o": {"j j": {"k.k": 3}}, "'": {"@": 2}}"#) == example.expected)
  }

  /// §2.3.2.3, Table 6: wildcard selector.
  @Test(arguments: [
    QueryCase("$[*]", [#"{"j":1,"k":2}"#, "[5,3]"]),
    QueryCase("$.o[*]", ["1", "2"]),
    QueryCase("$.o[*, *]", ["1", "2", "1", "2"]),
    QueryCase("$.a[*]", ["5", "3"]),
  ])
  func wildcardSelector(_ example: QueryCase) throws {
    #expect(try select(example.query, in: #"{"o": {"j": 1, "k": 2}, "a": [5, 3]}"#) == example.expected)
  }

  /// §2.3.3.3, Table 7: index selector.
  @Test(arguments: [QueryCase("$[1]", [#""b""#]), QueryCase("$[-2]", [#""a""#]), QueryCase("$[2]", []), QueryCase("$[-3]", [])])
  func indexSelector(_ example: QueryCase) throws {
    #expect(try select(example.query, in: #"["a", "b"]"#) == example.expected)
  }

  /// §2.3.4.3, Table 9: array slice selector.
  @Test(arguments: [
    QueryCase("$[1:3]", [#""b""#, #""c""#]),
    QueryCase("$[5:]", [#""f""#, #""g""#]),
    QueryCase("$[1:5:2]", [#""b""#, #""d""#]),
    QueryCase("$[5:1:-2]", [#""f""#, #""d""#]),
    QueryCase("$[::-1]", ["g", "f", "e", "d", "c", "b", "a"].map { "\"\($0)\"" }),
    QueryCase("$[::0]", []),
    QueryCase("$[-2:]", [#""f""#, #""g""#]),
    QueryCase("$[:-5]", [#""a""#, #""b""#]),
    QueryCase("$[10:]", []),
    QueryCase("$[-10:2]", [#""a""#, #""b""#]),
    QueryCase("$[6:-10:-3]", [#""g""#, #""d""#, #""a""#]),
    QueryCase("$[ 1 : 3 : 1 ]", [#""b""#, #""c""#]),
  ])
  func sliceSelector(_ example: QueryCase) throws {
    #expect(try select(example.query, in: #"["a", "b", "c", "d", "e", "f", "g"]"#) == example.expected)
  }

  static let filterDocument = """
    { "a": [3, 5, 1, 2, 4, 6, {"b": "j"}, {"b": "k"}, {"b": {}}, {"b": "kilo"}],
      "o": {"p": 1, "q": 2, "r": 3, "s": 5, "t": {"u": 6}},
      "e": "f" }
    """

  /// §2.3.5.3, Table 12: filter selector.
  @Test(arguments: [
    QueryCase("$.a[?@.b == 'kilo']", [#"{"b":"kilo"}"#]),
    QueryCase("$.a[?(@.b == 'kilo')]", [#"{"b":"kilo"}"#]),
    QueryCase("$.a[?@>3.5]", ["5", "4", "6"]),
    QueryCase("$.a[?@.b]", [#"{"b":"j"}"#, #"{"b":"k"}"#, #"{"b":{}}"#, #"{"b":"kilo"}"#]),
    QueryCase(
      "$[?@.*]", [#"[3,5,1,2,4,6,{"b":"j"},{"b":"k"},{"b":{}},{"b":"kilo"}]"#, #"{"p":1,"q":2,"r":3,"s":5,"t":{"u":6}}"#]),
    QueryCase("$[?@[?@.b]]", [#"[3,5,1,2,4,6,{"b":"j"},{"b":"k"},{"b":{}},{"b":"kilo"}]"#]),
    QueryCase("$.o[?@<3, ?@<3]", ["1", "2", "1", "2"]),
    QueryCase(#"$.a[?@<2 || @.b == "k"]"#, ["1", #"{"b":"k"}"#]),
    QueryCase(#"$.a[?match(@.b, "[jk]")]"#, [#"{"b":"j"}"#, #"{"b":"k"}"#]),
    QueryCase(#"$.a[?search(@.b, "[jk]")]"#, [#"{"b":"j"}"#, #"{"b":"k"}"#, #"{"b":"kilo"}"#]),
    QueryCase("$.o[?@>1 && @<4]", ["2", "3"]),
    QueryCase("$.o[?@.u || @.x]", [#"{"u":6}"#]),
    QueryCase("$.a[?@.b == $.x]", ["3", "5", "1", "2", "4", "6"]),
    QueryCase("$.a[?@ == @]", ["3", "5", "1", "2", "4", "6", #"{"b":"j"}"#, #"{"b":"k"}"#, #"{"b":{}}"#, #"{"b":"kilo"}"#]),
  ])
  func filterSelector(_ example: QueryCase) throws {
    #expect(try select(example.query, in: RFCExampleTests.filterDocument) == example.expected)
  }

  /// §2.5.2.3, Table 15: descendant segment.
  @Test(arguments: [
    QueryCase("$..j", ["1", "4"]),
    QueryCase("$..[0]", ["5", #"{"j":4}"#]),
    QueryCase(
      "$..[*]",
      [
        #"{"j":1,"k":2}"#, #"[5,3,[{"j":4},{"k":6}]]"#, "1", "2", "5", "3", #"[{"j":4},{"k":6}]"#, #"{"j":4}"#, #"{"k":6}"#, "4",
        "6",
      ]),
    QueryCase(
      "$..*",
      [
        #"{"j":1,"k":2}"#, #"[5,3,[{"j":4},{"k":6}]]"#, "1", "2", "5", "3", #"[{"j":4},{"k":6}]"#, #"{"j":4}"#, #"{"k":6}"#, "4",
        "6",
      ]),
    QueryCase("$..o", [#"{"j":1,"k":2}"#]),
    QueryCase("$.o..[*, *]", ["1", "2", "1", "2"]),
    QueryCase("$.a..[0, 1]", ["5", "3", #"{"j":4}"#, #"{"k":6}"#]),
  ])
  func descendantSegment(_ example: QueryCase) throws {
    #expect(try select(example.query, in: #"{"o": {"j": 1, "k": 2}, "a": [5, 3, [{"j": 4}, {"k": 6}]]}"#) == example.expected)
  }

  /// §2.6.1, Table 16: examples involving (or not involving) null.
  @Test(arguments: [
    QueryCase("$.a", ["null"]),
    QueryCase("$.a[0]", []),
    QueryCase("$.a.d", []),
    QueryCase("$.b[0]", ["null"]),
    QueryCase("$.b[*]", ["null"]),
    QueryCase("$.b[?@]", ["null"]),
    QueryCase("$.b[?@==null]", ["null"]),
    QueryCase("$.c[?@.d==null]", []),
    QueryCase("$.null", ["1"]),
  ])
  func nullSemantics(_ example: QueryCase) throws {
    #expect(try select(example.query, in: #"{"a": null, "b": [null], "c": [{}], "null": 1}"#) == example.expected)
  }

  /// §2.7, Table 18: normalized paths.
  @Test func normalizedPaths() throws {
    #expect(try paths("$.a", in: #"{"a": 1}"#) == ["$['a']"])
    #expect(try paths("$[1]", in: "[0, 1]") == ["$[1]"])
    #expect(try paths("$[-3]", in: "[0, 1, 2]") == ["$[0]"])
    #expect(try paths("$.a.b[1:2]", in: #"{"a": {"b": [0, 1, 2]}}"#) == ["$['a']['b'][1]"])
    #expect(try paths(#"$["\u000B"]"#, in: #"{"\u000b": 1}"#) == [#"$['\u000b']"#])
    #expect(try paths(#"$["\u0061"]"#, in: #"{"a": 1}"#) == ["$['a']"])
    #expect(
      try paths("$.*", in: #"{"it's": 1, "a\\b": 2, "l\n\t": 3, "é": 4}"#) == [
        #"$['it\'s']"#, #"$['a\\b']"#, #"$['l\n\t']"#, "$['é']",
      ])
    #expect(try paths("$..*", in: #"{"a": [{"b": 1}]}"#) == ["$['a']", "$['a'][0]", "$['a'][0]['b']"])
    #expect(try paths("$[?@ > 1]", in: "[1, 2, 3]") == ["$[1]", "$[2]"])
  }
}
