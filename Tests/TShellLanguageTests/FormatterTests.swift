import TShellLanguage
import Testing

@Suite("Formatter")
struct FormatterTests {
  static func format(_ text: String) throws -> String {
    try Formatter.format(SourceFile(name: "t.tmp", text: text))
  }

  /// Each rule of the layout, on the smallest program that shows it.
  @Test(arguments: [
    ("operators", "$x=1+2*3\n", "$x = 1 + 2 * 3\n"),
    ("comparisons", "if $a>=1&&$b!=2||!$c { 1 }\n", "if $a >= 1 && $b != 2 || !$c { 1 }\n"),
    ("negative numbers stay", "$x = [-1, - 2, 3 -1]\n", "$x = [-1, - 2, 3 - 1]\n"),
    ("commas and brackets", "f( 1 ,2 , [ 3,4 ] )\n", "f(1, 2, [3, 4])\n"),
    ("objects", "$o = { a:1 , \"b c\" :2 }\n", "$o = {a: 1, \"b c\": 2}\n"),
    ("pipes", "key list|length()\n", "key list | length()\n"),
    ("command words", "echo   a    \"b\"   --flag    1\n", "echo a \"b\" --flag 1\n"),
    ("indentation", "for $i in [1] {\nif $i {\n        echo $i\n}\n}\n", "for $i in [1] {\n  if $i {\n    echo $i\n  }\n}\n"),
    ("else joined", "if $a {\n  1\n}\n\nelse  {\n  2\n}\n", "if $a {\n  1\n} else {\n  2\n}\n"),
    ("catch joined", "try { fail() }\ncatch $e { echo $e.message }\n", "try { fail() } catch $e { echo $e.message }\n"),
    ("one-line blocks", "fn f($a,$b){return $a+$b}\n", "fn f($a, $b) { return $a + $b }\n"),
    ("empty blocks", "while false {  }\n", "while false {}\n"),
    ("blank lines", "\n\n1\n\n\n\n2\n\n\n", "1\n\n2\n"),
    ("trailing blanks and CRLF", "echo 1   \r\necho 2\t\r\n", "echo 1\necho 2\n"),
    ("no final newline", "echo 1", "echo 1\n"),
    ("comments", "  # first\necho 1   # aligned   \n", "# first\necho 1   # aligned\n"),
    ("comments in blocks", "if true {\n# inside\n}\n", "if true {\n  # inside\n}\n"),
    ("strings are copied", "echo \"a+b  ,c\" 'x  |y' \"${1+2}\"\n", "echo \"a+b  ,c\" 'x  |y' \"${1+2}\"\n"),
    ("multi-line strings", "if true {\n$s = 'one\n   two  \nthree'\n}\n", "if true {\n  $s = 'one\n   two  \nthree'\n}\n"),
    ("paths are copied", "$r = $x[?@.n>1].name\n", "$r = $x[?@.n>1].name\n"),
    ("computed selectors", "$a[$i]=$a[ $i ]+1\n", "$a[$i] = $a[ $i ] + 1\n"),
    ("pipeline lines", "key list |\nlength()\n", "key list |\n  length()\n"),
    ("backslash lines", "echo a \\\nb\n", "echo a \\\n  b\n"),
    ("multi-line arrays", "$x = [\n1,\n    [2,\n3],\n]\n", "$x = [\n  1,\n  [2,\n    3],\n]\n"),
    ("closers lead", "f([\n1\n])\n", "f([\n  1\n])\n"),
    ("byte order mark", "\u{FEFF}echo  1\n", "\u{FEFF}echo 1\n"),
    ("empty program", "\n\n", ""),
  ])
  func layout(_ rule: String, _ input: String, _ expected: String) throws {
    #expect(try Self.format(input) == expected, "\(rule)")
    #expect(try Self.format(expected) == expected, "\(rule): formatting twice changes nothing")
  }

  @Test func aProgramThatDoesNotParseIsASyntaxError() {
    #expect {
      try Self.format("if $x {\n")
    } throws: { error in
      (error as? LanguageError)?.message == "the block's '{' is not closed, but the file ended"
    }
  }

  @Test func nestedProgramsAreFormatted() throws {
    let depth = 20
    let text = String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "\n"
    #expect(try Self.format(text) == text)
  }
}
