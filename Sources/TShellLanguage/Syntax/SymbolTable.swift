import Synchronization

/// Numbers variable names, so that scopes compare integers instead of strings.
public final class SymbolTable: Sendable {
  private let table = Mutex(NameTable())

  public init() {}

  /// The number of `name`, assigned on first use.
  func id(for name: String) -> Int {
    table.withLock { $0.add(name) }
  }

  /// The name numbered `id`.
  func name(of id: Int) -> String {
    table.withLock { $0.names.indices.contains(id) ? $0.names[id] : "?" }
  }

  /// The variable for `name`.
  func variable(_ name: String) -> Variable {
    Variable(name: name, id: id(for: name))
  }
}
