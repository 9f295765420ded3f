/// How a run of a program ended: what every runner (scripts, the REPL, `tshell test`, the demo)
/// switches over, instead of catching the ways a run can end one by one.
public enum RunOutcome: Sendable {
  /// The program ran to its end; `failedTests` of its `test` blocks failed.
  case finished(failedTests: Int)
  /// `exit N`.
  case exited(Int32)
  /// `skip` outside a test ended it, with the reason given.
  case skipped(String?, failedTests: Int)
  /// An error nothing caught, or the program does not parse.
  case failed(LanguageError)

  /// The exit status a script ends with: 1 when a test failed, an error's own code.
  public var exitCode: Int32 {
    switch self {
    case .finished(let failedTests), .skipped(_, let failedTests): failedTests > 0 ? 1 : 0
    case .exited(let code): code
    case .failed(let error): error.exitCode
    }
  }
}

extension Interpreter {
  /// Runs `program` at the top level and says how it ended.
  public func outcome(of program: Program) -> RunOutcome {
    do {
      try run(program)
      return .finished(failedTests: failedTests)
    } catch let error as LanguageError {
      return .failed(error)
    } catch let exit as ExitRequest {
      return .exited(exit.code)
    } catch let skip as SkipRequest {
      return .skipped(skip.reason, failedTests: failedTests)
    } catch {
      return .failed(LanguageError(.runtime, "\(error)"))
    }
  }

  /// Parses and runs `text` (named `name` in messages) and says how it ended.
  public func outcome(running text: String, name: String) -> RunOutcome {
    do {
      return outcome(of: try parse(text, name: name))
    } catch {
      return .failed(error)
    }
  }
}

extension RunOutcome {
  /// What stderr says about the end, if anything: the diagnostic of an error, `skipped: …`.
  public func message(colors: Bool) -> String? {
    switch self {
    case .finished, .exited: nil
    case .skipped(let reason, _): "skipped" + (reason.map { ": \($0)" } ?? "")
    case .failed(let error): error.render(colors: colors)
    }
  }
}
