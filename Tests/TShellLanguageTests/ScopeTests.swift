import TShellJSON
import Testing

@testable import TShellLanguage

/// Appends to a variable (`$s = $s + "x"`, `$a = $a + [$i]`) grow its value where it is stored:
/// a copy per append would make a loop of n appends take n² time. Checked by the address of the
/// storage, which a copy would change, rather than by timing.
@Suite("Scope")
struct ScopeTests {
  static func storage(_ value: JSONValue?) -> UInt? {
    switch value {
    case .string(let text)?: return text.utf8.withContiguousStorageIfAvailable { UInt(bitPattern: $0.baseAddress) }
    case .array(let elements)?: return elements.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) }
    default: return nil
    }
  }

  /// The fallback of an append that must not be needed.
  static func unexpected(_ value: JSONValue) -> JSONValue {
    Issue.record("a string or array was combined instead of grown")
    return value
  }

  @Test func appendsToAStringGrowItInPlace() {
    let outer = Scope(parent: nil)
    var text = String(repeating: "x", count: 64)
    text.reserveCapacity(4096)
    outer.define(7, .string(text))
    text = ""
    let inner = Scope(parent: outer)
    let before = Self.storage(outer.lookup(7))
    for _ in 0..<100 { #expect(inner.appendInPlace(7, .string("y"), otherwise: Self.unexpected) == .appended) }
    #expect(Self.storage(outer.lookup(7)) == before)
    #expect(outer.lookup(7)?.stringValue?.count == 164)
  }

  @Test func appendsToAnArrayGrowItInPlace() {
    let scope = Scope(parent: nil)
    var elements: [JSONValue] = [.int(0)]
    elements.reserveCapacity(1024)
    scope.define(3, .array(elements))
    elements = []
    let before = Self.storage(scope.lookup(3))
    for index in 1...100 { #expect(scope.appendInPlace(3, .array([.int(index)]), otherwise: Self.unexpected) == .appended) }
    #expect(Self.storage(scope.lookup(3)) == before)
    #expect(scope.lookup(3)?.arrayValue?.count == 101)
  }

  @Test func appendsToAMemberGrowItInPlace() {
    let scope = Scope(parent: nil)
    var elements: [JSONValue] = [.int(0)]
    elements.reserveCapacity(1024)
    scope.define(4, .object(JSONObject(distinctMembers: [("n", .int(1)), ("list", .array(elements))])))
    elements = []
    let before = Self.storage(scope.lookup(4)?.objectValue?["list"])
    for index in 1...100 { #expect(scope.appendInPlace(4, member: "list", .array([.int(index)])) == .appended) }
    #expect(Self.storage(scope.lookup(4)?.objectValue?["list"]) == before)
    #expect(scope.lookup(4)?.objectValue?["list"]?.arrayValue?.count == 101)
    // What is not a string or an array below an object is left to the general assignment.
    #expect(scope.appendInPlace(4, member: "n", .int(1)) == nil)
    #expect(scope.appendInPlace(4, member: "absent", .array([])) == nil)
    #expect(scope.lookup(4)?.objectValue?.keys == ["n", "list"])
    scope.define(5, .string("not an object"))
    #expect(scope.appendInPlace(5, member: "list", .array([])) == nil)
    #expect(scope.appendInPlace(6, member: "list", .array([])) == .undefined)
  }

  @Test func otherValuesAndSharedScopesAreLeftAlone() {
    let scope = Scope(parent: nil)
    scope.define(1, .int(1))
    // A number is not grown: it is replaced with what the addition makes of it.
    #expect(scope.appendInPlace(1, .int(2)) { _ in .int(3) } == .combined)
    #expect(scope.lookup(1) == .int(3))
    #expect(scope.appendInPlace(2, .string("x"), otherwise: Self.unexpected) == .undefined)
    scope.define(3, .string("a"))
    let marked = scope.shareChain()
    #expect(scope.appendInPlace(3, .string("b"), otherwise: Self.unexpected) == .shared)
    Scope.unshare(marked)
    #expect(scope.lookup(3) == .string("a"))
  }
}
