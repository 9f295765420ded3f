/// Variables of one block: a few slots searched linearly (blocks hold few variables), chained to
/// the enclosing scope.
///
/// The slots are read and written on every step of a program, so they skip the dynamic
/// exclusivity checks (which doubled the time of a loop). Within one thread no access overlaps
/// another: each method reads or writes a slot and returns. Across threads, the iterations of a
/// parallel loop never write a scope they share: the loop marks those scopes `isShared` before
/// its threads start and clears the mark after they end, and every write checks it.
final class Scope {
  @exclusivity(unchecked) private(set) var ids: [Int] = []
  @exclusivity(unchecked) private(set) var values: [JSONValue] = []
  /// Read-only: the iterations of a running `for --parallel` loop share this scope.
  @exclusivity(unchecked) private(set) var isShared = false
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

  /// Sets the variable in the nearest scope that has it, or else creates it here; false (and
  /// nothing set) when that scope is shared by the iterations of a parallel loop.
  @inline(__always)
  func assign(_ id: Int, _ value: JSONValue) -> Bool {
    var scope: Scope? = self
    while let current = scope {
      if let index = current.ids.firstIndex(of: id) {
        guard !current.isShared else { return false }
        current.values[index] = value
        return true
      }
      scope = current.parent
    }
    guard !isShared else { return false }
    define(id, value)
    return true
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

  /// Marks this scope and the ones enclosing it shared (read-only) for the run of a parallel
  /// loop; returns the ones it marked, for `unshare`. Scopes already shared stay as they are
  /// (an outer loop marked them, and their enclosing ones too).
  func shareChain() -> [Scope] {
    var marked: [Scope] = []
    var scope: Scope? = self
    while let current = scope, !current.isShared {
      current.isShared = true
      marked.append(current)
      scope = current.parent
    }
    return marked
  }

  /// Ends what `shareChain` began.
  static func unshare(_ scopes: [Scope]) {
    for scope in scopes { scope.isShared = false }
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
