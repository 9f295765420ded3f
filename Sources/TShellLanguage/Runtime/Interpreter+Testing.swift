/// The testing keywords outside `tshell test`: `assert` fails with an error (catchable, exit 1),
/// a `test` block runs and reports its result on stderr (a failing test does not stop the
/// script, but makes it exit 1), `setup` runs its statements, `skip` ends a test as skipped, or
/// the script with status 0.
extension Interpreter {
  func executeTesting(_ statement: Statement, in scope: Scope) throws -> Completion {
    switch statement {
    case .assert(let condition, let message, let span):
      try checkAssertion(condition, message: message, span: span, in: scope)
    case .test(let nameExpression, let body, let span):
      let name = Operators.text(try value(of: nameExpression, input: nil, scope: scope))
      if let testFilter, !testFilter(name) { return .normal }
      let started = ContinuousClock.now
      let line = source.location(of: span.start).line
      func report(_ result: TestOutcome.Result, _ fallback: String) {
        let outcome = TestOutcome(name: name, result: result, duration: ContinuousClock.now - started, line: line)
        if let testReporter { testReporter(outcome) } else { host.writeError(fallback) }
      }
      do {
        let completion = try execute(body, in: Scope(parent: scope))
        report(.passed, "test \"\(name)\": ok\n")
        return completion
      } catch let skip as SkipRequest {
        report(.skipped(skip.reason), "test \"\(name)\": skipped" + (skip.reason.map { ": \($0)" } ?? "") + "\n")
      } catch let error as LanguageError where error.kind != .interrupted {
        failedTests += 1
        report(.failed(error), "test \"\(name)\": failed\n" + error.render(colors: false) + "\n")
      }
    case .setup(let body, _):
      // Its variables are for what follows, so it runs in the enclosing scope.
      return try execute(body, in: scope)
    case .skip(let reason, _):
      throw SkipRequest(reason: try reason.map { Operators.text(try value(of: $0, input: nil, scope: scope)) })
    default:
      break
    }
    return .normal
  }

  /// `assert`: an error whose message shows the condition's source, and both sides' values
  /// when it is a comparison.
  private func checkAssertion(_ condition: Expression, message: Expression?, span: SourceSpan, in scope: Scope) throws {
    if case .binary(let op, let left, let right, _) = condition, Interpreter.comparisons.contains(op) {
      let (leftValue, rightValue) = (
        try value(of: left, input: nil, scope: scope), try value(of: right, input: nil, scope: scope)
      )
      let holds: Bool
      switch op {
      case .equal: holds = leftValue == rightValue
      case .notEqual: holds = leftValue != rightValue
      default:
        holds = try operate(condition.span) { () throws(Operators.Failure) in try Operators.compare(op, leftValue, rightValue) }
      }
      guard !holds else { return }
      throw try assertionFailure(
        condition, message: message, scope: scope, detail: Interpreter.comparisonDetail(op, leftValue, rightValue))
    }
    guard !Operators.isTruthy(try value(of: condition, input: nil, scope: scope)) else { return }
    throw try assertionFailure(condition, message: message, scope: scope, detail: nil)
  }

  private func assertionFailure(_ condition: Expression, message: Expression?, scope: Scope, detail: String?) throws
    -> LanguageError
  {
    var text = "assertion failed: \(source.shownText(of: condition.span))"
    if let message { text += ": " + Operators.text(try value(of: message, input: nil, scope: scope)) }
    return LanguageError(.runtime, text, hint: detail, source: source, span: condition.span)
  }

  /// Why a comparison failed: both sides, and for two containers that differ, where they first
  /// differ.
  static func comparisonDetail(_ op: BinaryOperator, _ left: JSONValue, _ right: JSONValue) -> String {
    let sides = "left: \(JSONDifference.shown(left)), right: \(JSONDifference.shown(right))"
    switch op {
    case .notEqual:
      return "both sides are \(JSONDifference.shown(left))"
    case .equal:
      guard let difference = JSONDifference.first(left, right), difference.path != "$" else { return sides }
      return "first difference at \(difference.description)\n          left:  \(JSONDifference.shown(left))"
        + "\n          right: \(JSONDifference.shown(right))"
    default:
      return sides
    }
  }

  static let comparisons: Set<BinaryOperator> = [.equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual]
}

/// `skip ["reason"]`: ends the test it is in as skipped (outside one, the script, with status 0).
public struct SkipRequest: Error, Sendable {
  public var reason: String?
}

/// How one `test` block ended, for `tshell test`'s reports.
public struct TestOutcome: Sendable {
  public enum Result: Sendable {
    case passed
    case failed(LanguageError)
    case skipped(String?)
  }

  public var name: String
  public var result: Result
  public var duration: Duration
  /// The line of the `test` keyword.
  public var line: Int
}
