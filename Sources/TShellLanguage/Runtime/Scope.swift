/// Variables of one block: a few slots searched linearly (blocks hold few variables), chained to
/// the enclosing scope.
///
/// The slots are read and written on every step of a program, so they skip the dynamic
/// exclusivity checks (which doubled the time of a loop). Within one thread no access overlaps
/// another: each method reads or writes a slot and returns. Across threads, the iterations of a
/// parallel loop must not write a scope they share; `ParallelLoop` is what refuses that.
final class Scope {
  @exclusivity(unchecked) private(set) var ids: [Int] = []
  @exclusivity(unchecked) private(set) var values: [JSONValue] = []
  let parent: Scope?

  init(parent: Scope?) {
    self.parent = parent
  }

  /// The value of the variable, searching outwards.
  @inline(__always)
  func lookup(_ id: Int) -> JSONValue? {
    var scope: Scope? = self
    while let current = scope {
      if let index = current.ids.firstIndex(of: id) { return current.values[index] }
      scope = current.parent
    }
    return nil
  }

  /// Sets the variable in the nearest scope that has it, or else creates it here.
  @inline(__always)
  func assign(_ id: Int, _ value: JSONValue) {
    var scope: Scope? = self
    while let current = scope {
      if let index = current.ids.firstIndex(of: id) {
        current.values[index] = value
        return
      }
      scope = current.parent
    }
    define(id, value)
  }

  /// Creates or replaces the variable in this scope.
  @inline(__always)
  func define(_ id: Int, _ value: JSONValue) {
    if let index = ids.firstIndex(of: id) {
      values[index] = value
    } else {
      ids.append(id)
      values.append(value)
    }
  }

  /// The variables visible from here, innermost first.
  var visibleIDs: [Int] {
    var result: [Int] = []
    var scope: Scope? = self
    while let current = scope {
      result += current.ids
      scope = current.parent
    }
    return result
  }

  /// Forgets this scope's variables (for reuse by the next loop iteration).
  func clear() {
    ids.removeAll(keepingCapacity: true)
    values.removeAll(keepingCapacity: true)
  }

  /// Where a variable lives: the scope that holds it and its slot there.
  func locate(_ id: Int) -> (scope: Scope, index: Int)? {
    var scope: Scope? = self
    while let current = scope {
      if let index = current.ids.firstIndex(of: id) { return (current, index) }
      scope = current.parent
    }
    return nil
  }

  /// Appends to the string or array in slot `index` without copying it; false for other values.
  func append(_ addend: JSONValue, toSlot index: Int) -> Bool {
    // Bind the old value, then clear the slot, so that the binding is the only reference.
    if case .string(let tail) = addend {
      guard case .string(var text) = values[index] else { return false }
      values[index] = .null
      text.append(tail)
      values[index] = .string(text)
      return true
    }
    if case .array(let tail) = addend {
      guard case .array(var elements) = values[index] else { return false }
      values[index] = .null
      elements.append(contentsOf: tail)
      values[index] = .array(elements)
      return true
    }
    return false
  }

  func value(at index: Int) -> JSONValue { values[index] }

  func put(_ index: Int, _ value: JSONValue) { values[index] = value }
}
