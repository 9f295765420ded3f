import TShellJSON

/// Variables of one block: a few slots searched linearly (blocks hold few variables), chained to
/// the enclosing scope.
///
/// The slots are read and written on every step of a program, so they live in memory the scope
/// allocates and frees itself: reading an id or growing a value there takes no reference count
/// and no uniqueness check, which an array's would (together a third of a loop's time). Within
/// one thread no access overlaps another: each method reads or writes a slot and returns. Across
/// threads, the iterations of a parallel loop never write a scope they share: the loop marks
/// those scopes `isShared` before its threads start and clears the mark after they end, and
/// every write checks it.
final class Scope {
  @exclusivity(unchecked) private var count = 0
  @exclusivity(unchecked) private var capacity = 0
  /// `capacity` ids and values, the first `count` of them initialized; nil until the first
  /// variable is set.
  @exclusivity(unchecked) private var slotIDs: UnsafeMutablePointer<Int>?
  @exclusivity(unchecked) private var slotValues: UnsafeMutablePointer<JSONValue>?
  /// Read-only: the iterations of a running `for --parallel` loop share this scope.
  @exclusivity(unchecked) private(set) var isShared = false
  let parent: Scope?
  /// `parent` again, for the walks outwards: following a strong reference takes and drops a
  /// reference count at each step, and `parent` keeps the scope alive anyway.
  private let enclosing: Unmanaged<Scope>?

  init(parent: Scope?) {
    self.parent = parent
    self.enclosing = parent.map { Unmanaged.passUnretained($0) }
  }

  deinit {
    slotValues?.deinitialize(count: count)
    slotValues?.deallocate()
    slotIDs?.deallocate()
  }

  /// The ids of this scope's variables, in the order they were set.
  var ids: [Int] { slotIDs.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? [] }

  /// The slot of `id` in this scope.
  @inline(__always)
  private func slot(of id: Int) -> Int? {
    guard let slotIDs else { return nil }
    var index = 0
    while index < count {
      if slotIDs[index] == id { return index }
      index += 1
    }
    return nil
  }

  /// The slot of the variable in the nearest scope that has it, and whether that scope is
  /// shared; valid until a variable is next defined.
  @inline(__always)
  private func place(of id: Int) -> (value: UnsafeMutablePointer<JSONValue>, isShared: Bool)? {
    // The walk does not retain the scopes it passes: `self` holds the chain for the call.
    var current = Unmanaged.passUnretained(self)
    while true {
      let (found, enclosing) = current._withUnsafeGuaranteedRef { scope in
        (scope.slot(of: id).flatMap { index in scope.slotValues.map { ($0 + index, scope.isShared) } }, scope.enclosing)
      }
      if let found { return found }
      guard let enclosing else { return nil }
      current = enclosing
    }
  }

  /// The value of the variable, searching outwards.
  @inline(__always)
  func lookup(_ id: Int) -> JSONValue? {
    place(of: id)?.value.pointee
  }

  /// Sets the variable in the nearest scope that has it, or else creates it here; false (and
  /// nothing set) when that scope is shared by the iterations of a parallel loop.
  @inline(__always)
  func assign(_ id: Int, _ value: JSONValue) -> Bool {
    if let place = place(of: id) {
      guard !place.isShared else { return false }
      place.value.pointee = value
      return true
    }
    guard !isShared else { return false }
    define(id, value)
    return true
  }

  /// Creates or replaces the variable in this scope.
  @inline(__always)
  func define(_ id: Int, _ value: JSONValue) {
    if let index = slot(of: id), let values = slotValues {
      values[index] = value
      return
    }
    if count == capacity { grow() }
    guard let slotIDs, let slotValues else { return }
    (slotIDs + count).initialize(to: id)
    (slotValues + count).initialize(to: value)
    count += 1
  }

  /// Doubles the room for slots (four at first).
  private func grow() {
    let newCapacity = max(4, capacity * 2)
    let newIDs = UnsafeMutablePointer<Int>.allocate(capacity: newCapacity)
    let newValues = UnsafeMutablePointer<JSONValue>.allocate(capacity: newCapacity)
    if let slotIDs, let slotValues {
      newIDs.moveInitialize(from: slotIDs, count: count)
      newValues.moveInitialize(from: slotValues, count: count)
      slotIDs.deallocate()
      slotValues.deallocate()
    }
    slotIDs = newIDs
    slotValues = newValues
    capacity = newCapacity
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

  /// Starts a loop's next iteration: only the loop variable, with `value`. A body that set
  /// nothing else leaves just that slot, which is overwritten instead of cleared.
  func beginIteration(_ id: Int, _ value: JSONValue) {
    if count == 1, let slotIDs, slotIDs[0] == id, let slotValues {
      slotValues[0] = value
    } else {
      clear()
      define(id, value)
    }
  }

  /// Forgets this scope's variables (for reuse by the next loop iteration).
  func clear() {
    slotValues?.deinitialize(count: count)
    count = 0
  }

  /// Where a variable lives: the scope that holds it and its slot there.
  func locate(_ id: Int) -> (scope: Scope, index: Int)? {
    var scope: Scope? = self
    while let current = scope {
      if let index = current.slot(of: id) { return (current, index) }
      scope = current.parent
    }
    return nil
  }

  /// How `appendInPlace` went.
  enum AppendResult {
    /// A string or array grew in place.
    case appended
    /// The variable held another value: it now holds what `combine` made of it.
    case combined
    case undefined
    case shared
  }

  /// `$x = $x + addend` in one walk to the variable: a string or array grows without being
  /// copied; any other value is replaced with `combine(value)`.
  func appendInPlace(_ id: Int, _ addend: JSONValue, otherwise combine: (JSONValue) throws -> JSONValue) rethrows
    -> AppendResult
  {
    guard let place = place(of: id) else { return .undefined }
    guard !place.isShared else { return .shared }
    if appendGrowing(place.value, addend) { return .appended }
    place.value.pointee = try combine(place.value.pointee)
    return .combined
  }

  /// `$x.key = $x.key + addend` in one walk: the member's string or array grows without being
  /// copied, as a variable's does. Nil, with nothing changed, when `$x` is not an object holding
  /// a string or an array at `key` (the general assignment then runs).
  func appendInPlace(_ id: Int, member key: String, _ addend: JSONValue) -> AppendResult? {
    guard let place = place(of: id) else { return .undefined }
    guard !place.isShared else { return .shared }
    guard let position = place.value.pointee.memberPosition(of: key) else { return nil }
    // The object leaves the slot, and the member the object, while the member grows: each is
    // then the only reference to its storage (see appendGrowing).
    guard case .object(var object) = place.value.move() else {
      place.value.initialize(to: .null)  // Not reached: the slot held an object a moment ago.
      return nil
    }
    var member = object.exchange(.null, at: position)
    let grown = appendGrowing(&member, addend)
    _ = object.exchange(member, at: position)
    place.value.initialize(to: .object(object))
    return grown ? .appended : nil
  }

  /// The value in slot `index` (one `locate` gave).
  func value(at index: Int) -> JSONValue { slotValues.map { $0[index] } ?? .null }

  /// Replaces the value in slot `index` (one `locate` gave).
  func put(_ index: Int, _ value: JSONValue) { slotValues?[index] = value }
}

/// `slot.pointee = slot.pointee + addend` for strings and arrays, growing the storage when
/// nothing else holds it; false (and nothing changed) for other values.
private func appendGrowing(_ slot: UnsafeMutablePointer<JSONValue>, _ addend: JSONValue) -> Bool {
  // After a look at its kind and size, the old value is moved out of the slot (no reference
  // count taken or dropped), so that the binding is the only reference to its storage and the
  // append grows it instead of copying (1,000,000 appends take milliseconds, not seconds). A
  // switch over the moved value, a tuple of the two values, or a match on the slot that binds in
  // place would hold a second reference for the whole append. The slot is filled again before
  // the function returns. Past the size limits, `+` itself says why (Operators.add).
  if case .string(let tail) = addend {
    guard let bytes = slot.pointee.textBytes, bytes + tail.utf8.count <= Operators.maximumTextBytes else { return false }
    guard case .string(var text) = slot.move() else {
      slot.initialize(to: .null)  // Not reached: the slot held a string a moment ago.
      return false
    }
    text.append(tail)
    slot.initialize(to: .string(text))
    return true
  }
  if case .array(let tail) = addend {
    guard let count = slot.pointee.elementCount, count + tail.count <= Operators.maximumElements else { return false }
    guard case .array(var elements) = slot.move() else {
      slot.initialize(to: .null)  // Not reached: the slot held an array a moment ago.
      return false
    }
    elements.append(contentsOf: tail)
    slot.initialize(to: .array(elements))
    return true
  }
  return false
}

extension JSONValue {
  /// A string's size in UTF-8 bytes (nil for other values), read without a binding that would
  /// outlive the call and hold a second reference to the storage (as a debug build's does).
  fileprivate var textBytes: Int? {
    if case .string(let text) = self { return text.utf8.count }
    return nil
  }

  /// Where `key` is among an object's members (nil for other values and missing keys), read as
  /// `textBytes` is.
  fileprivate func memberPosition(of key: String) -> Int? {
    if case .object(let object) = self { return object.position(of: key) }
    return nil
  }

  /// An array's count (nil for other values), read as `textBytes` is.
  fileprivate var elementCount: Int? {
    if case .array(let elements) = self { return elements.count }
    return nil
  }
}
