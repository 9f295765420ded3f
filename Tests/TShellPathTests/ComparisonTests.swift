import TShellPath
import Testing

/// RFC 9535 §2.3.5.2, Table 11: comparison examples, each run as `$[?…]` over a document whose
/// two members make a true comparison select two nodes and a false one none.
@Suite("RFC 9535 comparison table")
struct ComparisonTests {
  static let document = #"{"obj": {"x": "y"}, "arr": [2, 3]}"#

  @Test(arguments: [
    ("$.absent1 == $.absent2", true),
    ("$.absent1 <= $.absent2", true),
    ("$.absent == 'g'", false),
    ("$.absent1 != $.absent2", false),
    ("$.absent != 'g'", true),
    ("1 <= 2", true),
    ("1 > 2", false),
    ("13 == '13'", false),
    ("'a' <= 'b'", true),
    ("'a' > 'b'", false),
    ("$.obj == $.arr", false),
    ("$.obj != $.arr", true),
    ("$.obj == $.obj", true),
    ("$.obj != $.obj", false),
    ("$.arr == $.arr", true),
    ("$.arr != $.arr", false),
    ("$.obj == 17", false),
    ("$.obj != 17", true),
    ("$.obj <= $.arr", false),
    ("$.obj < $.arr", false),
    ("$.obj <= $.obj", true),
    ("$.arr <= $.arr", true),
    ("1 <= $.arr", false),
    ("1 >= $.arr", false),
    ("1 > $.arr", false),
    ("1 < $.arr", false),
    ("true <= true", true),
    ("true > true", false),
  ])
  func table11(_ comparison: String, _ result: Bool) throws {
    #expect(try select("$[?\(comparison)]", in: ComparisonTests.document).count == (result ? 2 : 0))
  }

  @Test(arguments: [
    ("1 == 1.0", true), ("1 == 1e0", true), ("0 == -0", true), ("0.1 == 1e-1", true), ("-1 < 0", true),
    ("1152921504606846977 > 1152921504606846976", true), ("'é' > 'z'", true), ("'ab' < 'abc'", true),
    ("'B' < 'a'", true), ("'' < 'a'", true), ("null == null", true), ("null < null", false), ("null <= null", true),
    ("false < true", false), ("false == false", true), ("$.arr[0] == 2", true), ("$.arr[-1] >= 3", true),
    ("$.obj.x == 'y'", true), ("$.obj.x != 'y'", false), ("'1' == 1", false), ("$.arr == [2, 3]", false),
  ])
  func moreComparisons(_ comparison: String, _ result: Bool) throws {
    if comparison.contains("[2, 3]") {
      #expect(throws: JSONPathSyntaxError.self) { try JSONPath("$[?\(comparison)]") }
      return
    }
    #expect(try select("$[?\(comparison)]", in: ComparisonTests.document).count == (result ? 2 : 0))
  }

  @Test func stringsCompareByCodePointsNotNormalisation() throws {
    // "é" precomposed and decomposed are different strings to JSONPath.
    #expect(try select("$[?@ == '\u{E9}']", in: "[\"e\u{301}\", \"\u{E9}\"]") == ["\"\u{E9}\""])
  }

  @Test func logicalOperatorsAndPrecedence() throws {
    let document = "[1, 2, 3, 4, 5]"
    #expect(try select("$[?@ < 2 || @ > 3 && @ < 5]", in: document) == ["1", "4"])
    #expect(try select("$[?(@ < 2 || @ > 3) && @ < 5]", in: document) == ["1", "4"])
    #expect(try select("$[?!(@ < 2 || @ > 3)]", in: document) == ["2", "3"])
    #expect(try select("$[?!@.a]", in: document) == ["1", "2", "3", "4", "5"])
    #expect(try select("$[?@ > 1 && @ < 5 && @ != 3]", in: document) == ["2", "4"])
  }
}
