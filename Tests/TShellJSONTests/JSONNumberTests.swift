import TShellJSON
import Testing

@Suite("JSON numbers")
struct JSONNumberTests {
  @Test(arguments: [
    ("0", "0"), ("-0", "0"), ("42", "42"), ("1.5", "1.5"), ("1e2", "100.0"), ("1E-2", "0.01"),
    ("0.1", "0.1"), ("9007199254740993", "9007199254740993"),
    ("123456789012345678901234567890", "123456789012345678901234567890"),
    ("1e400", "1e400"), ("-1e400", "-1e400"), ("1.00000000000000000001", "1.00000000000000000001"),
    ("2.5e-320", "2.5e-320"),
  ])
  func printsExactly(literal: String, printed: String) throws {
    let number = try #require(JSONNumber(literal))
    #expect(number.description == printed)
  }

  @Test func representations() throws {
    #expect(JSONNumber("42") == .int(42))
    #expect(JSONNumber("9223372036854775807") == .int(Int.max))
    guard case .decimal = try #require(JSONNumber("9223372036854775808")) else {
      Issue.record("expected an exact decimal")
      return
    }
    guard case .double(1.5) = try #require(JSONNumber("1.5")) else {
      Issue.record("expected a double")
      return
    }
  }

  @Test func rejectsNonNumbers() {
    for text in ["", "-", "01", "1.", ".5", "1e", "+1", "0x10", "1 ", "NaN", "Infinity"] {
      #expect(JSONNumber(text) == nil, "\(text)")
    }
  }

  @Test(arguments: [
    ("1", "1.0", 0), ("1", "2", -1), ("2.5", "2", 1), ("-1", "1", -1), ("1e400", "1e399", 1),
    ("-1e400", "1", -1), ("123456789012345678901234567890", "123456789012345678901234567891", -1),
    ("9007199254740993", "9007199254740992.0", 1), ("0.1", "0.10", 0), ("100", "1e2", 0),
    ("0", "-0.0", 0), ("1e-400", "0", 1), ("-1e-400", "0", -1),
  ])
  func comparesByValue(left: String, right: String, order: Int) throws {
    let a = try #require(JSONNumber(left))
    let b = try #require(JSONNumber(right))
    #expect(JSONNumber.compare(a, b) == order)
    #expect(JSONNumber.compare(b, a) == -order)
  }

  @Test func fromDoubles() {
    #expect(JSONNumber(3.0) == .int(3))
    #expect(JSONNumber(.infinity) == nil)
    #expect(JSONNumber(.nan) == nil)
    #expect(JSONNumber(0.5)?.description == "0.5")
  }
}
