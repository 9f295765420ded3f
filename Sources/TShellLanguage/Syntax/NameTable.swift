/// Names numbered 0, 1, 2, … in the order they were added, found again by hashing.
///
/// Two arrays rather than a `Dictionary`: the first `Dictionary<String, _>` of a process makes
/// the Swift runtime find `String: Hashable` by scanning every protocol conformance record of
/// the binary (about 12,000 in tshell, most of a millisecond), and every run numbers names.
struct NameTable {
  /// The names, each at its number.
  private(set) var names: [String] = []
  /// Open addressing with linear probing: a name's number, or -1 for a free slot.
  private var slots = [Int](repeating: -1, count: 16)

  /// The number of `name`, if it was added.
  func number(of name: String) -> Int? {
    let mask = slots.count - 1
    var slot = name.hashValue & mask
    while slots[slot] >= 0 {
      if names[slots[slot]] == name { return slots[slot] }
      slot = (slot + 1) & mask
    }
    return nil
  }

  /// The number of `name`, adding it when it is new.
  mutating func add(_ name: String) -> Int {
    if let number = number(of: name) { return number }
    names.append(name)
    // At most half full, so that probes stay short.
    if names.count * 2 > slots.count {
      slots = [Int](repeating: -1, count: slots.count * 2)
      for number in names.indices { place(number) }
    } else {
      place(names.count - 1)
    }
    return names.count - 1
  }

  private mutating func place(_ number: Int) {
    let mask = slots.count - 1
    var slot = names[number].hashValue & mask
    while slots[slot] >= 0 { slot = (slot + 1) & mask }
    slots[slot] = number
  }
}
