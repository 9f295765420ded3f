import TShellPath
import Testing

@Suite("I-Regexp (RFC 9485)")
struct IRegexpTests {
  @Test(arguments: [
    ("abc", "abc", true), ("abc", "abcd", false), ("a.c", "a\u{1F600}c", true), ("a.c", "a\nc", false),
    ("a.c", "a\rc", false), ("a*", "", true), ("a+", "", false), ("a?b", "b", true), ("a{2}", "aa", true),
    ("a{2}", "aaa", false), ("a{2,}", "aaaa", true), ("a{1,2}", "aaa", false), ("(ab)*c", "ababc", true),
    ("a|b|c", "b", true), ("[a-c]+", "abcab", true), ("[^a-c]", "d", true), ("[^a-c]", "a", false),
    ("[-a]", "-", true), ("[a-]", "-", true), ("\\.", ".", true), ("\\.", "x", false), ("\\n", "\n", true),
    ("\\p{Lu}", "A", true), ("\\p{Lu}", "a", false), ("\\P{Lu}", "a", true), ("\\p{N}", "٣", true),
    ("\\p{Nd}+", "123", true), ("[\\p{L}0-9]+", "a1", true), ("^a$", "a", true),
    ("^a$", "^a$", false), ("[$^]+", "^$", true), ("\\^", "^", true), ("a^", "a", false), ("$a", "a", false),
    ("(^a|b)+", "ab", true), ("(^a|b)+", "aba", false),
    ("", "", true), ("", "a", false), ("(a|)b", "b", true), ("((a*)*)*", "aaaa", true), ("x{0}", "", true),
    ("[\\[\\]]", "]", true), ("é+", "éé", true),
  ])
  func fullMatch(pattern: String, text: String, matches: Bool) throws {
    let regexp = try #require(IRegexp(pattern), "\(pattern) should be valid")
    #expect(regexp.matches(text) == matches)
  }

  @Test(arguments: [
    ("b", "abc", true), ("^b", "abc", false), ("^a", "abc", true), ("c$", "abc", true), ("b$", "abc", false),
    ("^abc$", "abc", true), ("^$", "", true), ("^$", "a", false), ("^12D3KooW", "12D3KooWAzbe", true),
    ("^12D3KooW", "Qm12D3KooW", false), ("x*", "abc", true), ("[0-9]{3}", "ab1234", true),
    ("[0-9]{3}", "ab12c4", false), ("", "", true),
  ])
  func search(pattern: String, text: String, found: Bool) throws {
    let regexp = try #require(IRegexp(pattern))
    #expect(regexp.isFound(in: text) == found)
  }

  @Test(arguments: [
    "(", ")", "a**", "a{2,1}", "[", "[]", "[^]", "[z-a]", "\\d", "\\w", "\\p{Xx}", "\\p{Cs}", "a{", "{1}",
    "[--a]", "[a-\\p{L}]", "[\\p{L}\\d]", "*", "+a", "?", "a|*", "\\", "\\x", "(?:a)", "a{1,2,3}",
  ])
  func rejectsInvalidPatterns(_ pattern: String) {
    #expect(IRegexp(pattern) == nil, "\(pattern) should be invalid")
  }

  @Test func refusesHugeExpansions() {
    #expect(IRegexp("(a{1000}){1000}") == nil)
    #expect(IRegexp("a{100}") != nil)
  }

  @Test func linearTimeOnPathologicalInput() throws {
    let regexp = try #require(IRegexp("(a*)*b"))
    #expect(!regexp.matches(String(repeating: "a", count: 5_000)))
  }
}
