import HTTPTypes
import Hummingbird
import Logging
import TShellJSON
import TemporalAPI

/// A refusal, thrown by a handler and rendered as the original server answered it: the
/// `{code, response}` envelope from the API's handlers, `{code, message}` from login, and
/// `{code, message}` with `WWW-Authenticate` from the authentication middleware. The text is
/// always one of `APIMessage`'s. `ErrorResponses` renders it, so every middleware around the
/// handlers sees a response.
struct APIFailure: HTTPResponseError {
  enum Body: Sendable {
    /// `{"code", "response"}`.
    case envelope
    /// `{"code", "message"}`.
    case message
    /// `{"code", "message"}` with `WWW-Authenticate`.
    case middleware
  }

  let status: HTTPResponse.Status
  let message: String
  let body: Body
  /// Headers the answer carries besides the usual ones (`Retry-After`).
  var headers: HTTPFields = [:]
  /// What went wrong inside, for the log only (a storage failure); clients see `message`.
  var cause: (any Error & Sendable)?

  /// A handler's refusal: `{"code", "response": message}`, 400 unless said otherwise.
  static func refused(_ message: String, status: HTTPResponse.Status = .badRequest) -> APIFailure {
    APIFailure(status: status, message: message, body: .envelope)
  }

  /// The authentication middleware's refusal.
  static func middleware(_ status: HTTPResponse.Status, _ message: String) -> APIFailure {
    APIFailure(status: status, message: message, body: .middleware)
  }

  /// Storage failed: the original's generic answer for the endpoint, the cause logged.
  static func storage(_ cause: any Error & Sendable, _ message: String, status: HTTPResponse.Status = .badRequest)
    -> APIFailure
  {
    APIFailure(status: status, message: message, body: .envelope, cause: cause)
  }

  /// A store's refusal with its own text, else the endpoint's generic answer (`message`).
  static func store(_ error: any Error, _ message: String, status: HTTPResponse.Status = .badRequest) -> APIFailure {
    switch error as? StoreError {
    case .emailTaken?: .refused(APIMessage.emailTaken)
    case .usernameTaken?: .refused(APIMessage.usernameTaken)
    case .keyNameExists?: .refused(APIMessage.keyNameExists, status: .conflict)
    case .tooManyKeys?: .refused(APIMessage.tooManyKeys)
    case let other?: .storage(other, message, status: status)
    case nil: .storage(StoreError.database("\(error)"), message, status: status)
    }
  }

  func response(from request: Request, context: some RequestContext) throws -> Response {
    var response: Response
    switch body {
    case .envelope:
      response = APIResponse.envelope(status, .string(message))
    case .message:
      response = APIResponse.json(status, APIEnvelope.message(code: status.code, message))
    case .middleware:
      response = APIResponse.json(status, APIEnvelope.message(code: status.code, message))
      response.headers[.wwwAuthenticate] = "JWT realm=\(TokenService.realm)"
    }
    response.headers.append(contentsOf: headers)
    return response
  }
}

/// Turns what handlers throw into answers, inside every other middleware (so that CORS, the
/// request ID and the log see them): an `APIFailure` renders itself (a storage cause is logged),
/// an unknown route or method is `404 page not found` as the original answered.
struct ErrorResponses: RouterMiddleware {
  typealias Context = ServerContext
  let logger: Logger

  func handle(_ request: Request, context: ServerContext, next: (Request, ServerContext) async throws -> Response) async throws
    -> Response
  {
    do {
      return try await next(request, context)
    } catch let failure as APIFailure {
      if let cause = failure.cause {
        logger.error(
          "storage failure",
          metadata: ["request_id": "\(context.requestID)", "error": "\(cause)", "answer": "\(failure.message)"])
      }
      return try failure.response(from: request, context: context)
    } catch let error as HTTPError where error.status == .notFound {
      return APIResponse.text(.notFound, APIMessage.notFound)
    }
  }
}
