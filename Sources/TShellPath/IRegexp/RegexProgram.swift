/// One instruction of a compiled pattern.
enum RegexInstruction: Sendable {
  /// Consume one scalar in the set with this index.
  case consume(Int)
  /// Continue at both targets.
  case split(Int, Int)
  case jump(Int)
  /// Go on only at the start of the text (`^`).
  case assertStart
  /// Go on only at the end of the text (`$`).
  case assertEnd
  case match
}

/// A compiled pattern, run as a Pike VM: all threads advance together, one scalar at a time.
struct RegexProgram: Sendable {
  var instructions: [RegexInstruction] = []
  var sets: [CharacterSet] = []

  func run(_ scalars: String.UnicodeScalarView, anchored: Bool) -> Bool {
    var current = ThreadList(capacity: instructions.count)
    var next = ThreadList(capacity: instructions.count)
    var remaining = scalars.makeIterator()
    // One scalar of lookahead tells `$` whether the text ends here.
    var upcoming = remaining.next()
    add(0, to: &current, atStart: true, atEnd: upcoming == nil)
    var atStart = true
    while let scalar = upcoming {
      upcoming = remaining.next()
      if !anchored {
        if current.containsMatch { return true }
        add(0, to: &current, atStart: atStart, atEnd: false)
      }
      for pc in current.threads {
        if case .consume(let set) = instructions[pc], sets[set].contains(scalar) {
          add(pc + 1, to: &next, atStart: false, atEnd: upcoming == nil)
        }
      }
      atStart = false
      swap(&current, &next)
      next.clear()
      // No thread left can consume more input; a full match needs the input to end here.
      if anchored && current.threads.isEmpty { return current.containsMatch && upcoming == nil }
    }
    // A search also tries a match that starts at the end of the text (`x?$` finds the empty one).
    if !anchored && !current.containsMatch { add(0, to: &current, atStart: atStart, atEnd: true) }
    return current.containsMatch
  }

  /// Adds the thread at `pc` and every thread reachable from it without consuming input, at a
  /// position of the text that is or is not its start and its end.
  private func add(_ pc: Int, to list: inout ThreadList, atStart: Bool, atEnd: Bool) {
    var pending = [pc]
    while let target = pending.popLast() {
      guard !list.visited[target] else { continue }
      list.visited[target] = true
      list.marked.append(target)
      switch instructions[target] {
      case .jump(let destination): pending.append(destination)
      case .split(let first, let second):
        pending.append(second)
        pending.append(first)
      case .assertStart: if atStart { pending.append(target + 1) }
      case .assertEnd: if atEnd { pending.append(target + 1) }
      case .consume: list.threads.append(target)
      case .match: list.containsMatch = true
      }
    }
  }
}

private struct ThreadList {
  var threads: [Int] = []
  var visited: [Bool]
  /// Every instruction marked visited, so that clearing costs what was marked.
  var marked: [Int] = []
  var containsMatch = false

  init(capacity: Int) { visited = Array(repeating: false, count: capacity) }

  mutating func clear() {
    for pc in marked { visited[pc] = false }
    marked.removeAll(keepingCapacity: true)
    threads.removeAll(keepingCapacity: true)
    containsMatch = false
  }
}

/// Turns a `RegexNode` into a `RegexProgram`, refusing programs beyond `IRegexp.maximumInstructions`.
struct RegexCompiler {
  var program = RegexProgram()

  mutating func compile(_ node: RegexNode) -> Bool {
    guard emit(node) else { return false }
    program.instructions.append(.match)
    return true
  }

  private mutating func emit(_ node: RegexNode) -> Bool {
    guard program.instructions.count < IRegexp.maximumInstructions else { return false }
    switch node {
    case .empty:
      return true
    case .set(let set):
      program.sets.append(set)
      program.instructions.append(.consume(program.sets.count - 1))
      return true
    case .start:
      program.instructions.append(.assertStart)
      return true
    case .end:
      program.instructions.append(.assertEnd)
      return true
    case .concatenation(let nodes):
      return nodes.allSatisfy { emit($0) }
    case .alternation(let branches):
      var jumps: [Int] = []
      for (position, branch) in branches.enumerated() {
        if position < branches.count - 1 {
          let split = program.instructions.count
          program.instructions.append(.split(split + 1, 0))
          guard emit(branch) else { return false }
          jumps.append(program.instructions.count)
          program.instructions.append(.jump(0))
          program.instructions[split] = .split(split + 1, program.instructions.count)
        } else {
          guard emit(branch) else { return false }
        }
      }
      for jump in jumps { program.instructions[jump] = .jump(program.instructions.count) }
      return true
    case .repetition(let body, let min, let max):
      for _ in 0..<min { guard emit(body) else { return false } }
      guard let max else {
        let loop = program.instructions.count
        program.instructions.append(.split(loop + 1, 0))
        guard emit(body) else { return false }
        program.instructions.append(.jump(loop))
        program.instructions[loop] = .split(loop + 1, program.instructions.count)
        return true
      }
      var splits: [Int] = []
      for _ in min..<max {
        splits.append(program.instructions.count)
        program.instructions.append(.split(0, 0))
        guard emit(body) else { return false }
      }
      for split in splits { program.instructions[split] = .split(split + 1, program.instructions.count) }
      return true
    }
  }
}
