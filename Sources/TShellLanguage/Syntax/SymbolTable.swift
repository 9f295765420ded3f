import Synchronization

/// Numbers variable names, so that scopes compare integers instead of strings.
public final class SymbolTable: Sendable {
  private let state = Mutex<(ids: [String: Int], names: [String])>(([:], []))

  public init() {}

  /// The number of `name`, assigned on first use.
  func id(for name: String) -> Int {
    state.withLock { state in
      if let id = state.ids[name] { return id }
      state.names.append(name)
      state.ids[name] = state.names.count - 1
      return state.names.count - 1
    }
  }

  /// The name numbered `id`.
  func name(of id: Int) -> String {
    state.withLock { $0.names.indices.contains(id) ? $0.names[id] : "?" }
  }

  /// The variable for `name`.
  func variable(_ name: String) -> Variable {
    Variable(name: name, id: id(for: name))
  }
}
