import Foundation
import HTTPTypes
import Hummingbird
import Logging
import TemporalAPI

/// Gives every exchange an `X-Request-Id` and the headers that keep replies out of caches and
/// content sniffing, and logs it on one line (never bodies or tokens).
struct RequestLogMiddleware: RouterMiddleware {
  typealias Context = ServerContext
  let logger: Logger
  let enabled: Bool

  func handle(_ request: Request, context: ServerContext, next: (Request, ServerContext) async throws -> Response) async throws
    -> Response
  {
    let start = enabled ? ContinuousClock.now : nil
    var response: Response
    do {
      response = try await next(request, context)
    } catch {
      // Handlers answer every client mistake themselves; anything else is the server's fault.
      logger.error("unhandled error", metadata: ["request_id": "\(context.requestID)", "error": "\(error)"])
      response = APIResponse.envelope(.internalServerError, .string(APIMessage.internalError))
    }
    response.headers[HeaderNames.requestID] = context.requestID
    // Tokens, exported keys and account rows must not be kept by a browser or a proxy.
    response.headers[.cacheControl] = "no-store"
    response.headers[HeaderNames.contentTypeOptions] = "nosniff"
    if let start {
      let elapsed = ContinuousClock.now - start
      let milliseconds = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000
      logger.info(
        "request",
        metadata: [
          "request_id": "\(context.requestID)", "method": "\(request.method.rawValue)",
          "path": "\(LoggedPath.of(request.uri.path))",
          "status": "\(response.status.code)", "duration_ms": "\(String(format: "%.2f", milliseconds))",
          "client": "\(context.client)",
        ])
    }
    return response
  }
}

/// CORS for any origin, so the documentation's browser snippets work from any page.
struct CORSPolicyMiddleware: RouterMiddleware {
  typealias Context = ServerContext
  /// The rate limit, which preflights count against too (they are answered here, before it).
  var limiter: (any RequestCounter)? = nil
  static let allowedHeaders =
    "Cache-Control, Authorization, X-Request-ID, Origin, Accept, Content-Type, X-Requested-With, User-Agent"
  static let allowedMethods = "GET, POST, OPTIONS, DELETE, PUT, HEAD"
  static let exposedHeaders = "X-Request-Id, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset, Retry-After"

  func handle(_ request: Request, context: ServerContext, next: (Request, ServerContext) async throws -> Response) async throws
    -> Response
  {
    guard request.headers[.origin] != nil else { return try await next(request, context) }
    var response: Response
    if request.method == .options, let limiter,
      !(await limiter.take(ClientKey.of(context.client), now: Int(Date().timeIntervalSince1970))).allowed
    {
      response = APIResponse.text(.tooManyRequests, APIMessage.rateLimited)
    } else if request.method == .options {
      response = Response(status: .noContent)
      response.headers[.accessControlAllowMethods] = CORSPolicyMiddleware.allowedMethods
      response.headers[.accessControlAllowHeaders] = CORSPolicyMiddleware.allowedHeaders
      response.headers[.accessControlMaxAge] = "86400"
    } else {
      response = try await next(request, context)
      response.headers[.accessControlExposeHeaders] = CORSPolicyMiddleware.exposedHeaders
    }
    response.headers[.accessControlAllowOrigin] = "*"
    return response
  }
}

/// Header names made once (building one lower-cases its text).
enum HeaderNames {
  static let requestID = HTTPField.Name("X-Request-Id")!
  static let forwardedFor = HTTPField.Name("X-Forwarded-For")!
  static let contentTypeOptions = HTTPField.Name("X-Content-Type-Options")!
  static let rateLimitLimit = HTTPField.Name("X-RateLimit-Limit")!
  static let rateLimitRemaining = HTTPField.Name("X-RateLimit-Remaining")!
  static let rateLimitReset = HTTPField.Name("X-RateLimit-Reset")!
}

/// A request path as the log shows it: a verification link's token is a credential, so it is
/// written as `{token}`.
enum LoggedPath {
  private static let verifyPrefix = Endpoint.verifyEmail.path(placeholder: { _ in "" }).split(separator: "/").map(String.init)

  /// The path with everything after a verification link's user masked, however the path is
  /// spelled (`//v2/…`, a trailing `/`, percent escapes or other case in the fixed part).
  static func of(_ path: String) -> String {
    let segments = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
    let fixed = segments.prefix(verifyPrefix.count).map { (PercentEncoding.decode($0[...], plusIsSpace: false)).lowercased() }
    guard segments.count > verifyPrefix.count + 1, fixed == verifyPrefix else { return path }
    return "/" + (verifyPrefix + [segments[verifyPrefix.count], "{token}"]).joined(separator: "/")
  }
}
