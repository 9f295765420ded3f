/// What a `for` loop walks through, one element at a time: an array's elements, an object's
/// members as `{key, value}`, or the integers of a range, which are never all held at once.
enum LoopSequence {
  case elements([JSONValue])
  case members(JSONObject)
  case range(IntegerRange)

  var count: Int {
    switch self {
    case .elements(let elements): elements.count
    case .members(let object): object.count
    case .range(let range): range.count
    }
  }

  func element(_ index: Int) -> JSONValue {
    switch self {
    case .elements(let elements): elements[index]
    case .members(let object): ["key": .string(object[index].key), "value": object[index].value]
    case .range(let range): .int(range.element(index))
    }
  }
}

/// `range(start, end, step)`, half-open: its count and elements computed without overflow,
/// whatever 64-bit integers it is given.
struct IntegerRange: Equatable {
  let start: Int
  let step: Int
  let count: Int

  /// Why a range cannot be: a step of 0, or more numbers than a 64-bit count holds.
  enum Refusal: Error, Equatable {
    case zeroStep
    case tooManyNumbers
  }

  init(start: Int, end: Int, step: Int) throws(Refusal) {
    guard step != 0 else { throw .zeroStep }
    self.start = start
    self.step = step
    guard step > 0 ? end > start : end < start else {
      count = 0
      return
    }
    // The distance between the bounds, as an unsigned number: exact even from Int.min to Int.max.
    let distance = step > 0 ? UInt(bitPattern: end &- start) : UInt(bitPattern: start &- end)
    let numbers = (distance - 1) / step.magnitude + 1
    guard numbers <= UInt(Int.max) else { throw .tooManyNumbers }
    count = Int(numbers)
  }

  /// The number at `index` (0 ≤ index < count): it lies between the bounds, so wrapping
  /// arithmetic gives it exactly.
  func element(_ index: Int) -> Int {
    start &+ index &* step
  }
}
