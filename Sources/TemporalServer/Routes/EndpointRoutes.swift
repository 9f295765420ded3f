import Hummingbird
import TemporalAPI

/// A route's handler, by what it needs besides the request. Whether the route checks the token
/// is its `Endpoint`'s to say (`requiresToken`); a handler that needs the account is also never
/// reached without the check, whatever the endpoint says.
enum EndpointHandler: Sendable {
  /// The request alone.
  case request(@Sendable (Request, ServerContext) async throws -> Response)
  /// The request and the account the token names.
  case account(@Sendable (Request, ServerContext, UserRecord) async throws -> Response)
  /// The request and the account with its usage row, read in the same query.
  case accountWithUsage(@Sendable (Request, ServerContext, UserWithUsage) async throws -> Response)

  /// Whether the handler takes the account.
  var needsAccount: Bool {
    if case .request = self { return false }
    return true
  }
}

/// The one table of routes: every `Endpoint` at its path and method, and the service routes.
extension AccountService {
  func registerEndpoints(on router: Router<ServerContext>) {
    for endpoint in Endpoint.allCases {
      let handler = handler(for: endpoint)
      let authenticates = endpoint.requiresToken || handler.needsAccount
      router.on(RouterPath(endpoint.path(placeholder: { ":" + $0 })), method: endpoint.method.routerMethod) { request, context in
        try await self.respond(to: request, context: context, with: handler, authenticating: authenticates)
      }
    }
  }

  /// Which handler serves `endpoint`.
  func handler(for endpoint: Endpoint) -> EndpointHandler {
    switch endpoint {
    case .login: .request { try await self.login($0, $1) }
    case .register: .request { try await self.registerAccount($0, $1) }
    case .refresh: .request { request, _ in try await self.refresh(request) }
    case .verifyEmail: .request { try await self.verifyEmail($0, $1) }
    case .changePassword: .account { try await self.changePassword($0, $1, $2) }
    case .upgrade: .account { _, _, user in try await self.upgrade(user) }
    case .credits: .account { _, _, user in APIResponse.envelope(.ok, AccountJSON.credits(user.credits)) }
    case .username: .account { _, _, user in APIResponse.envelope(.ok, .string(user.username)) }
    case .usage: .accountWithUsage { _, _, account in APIResponse.envelope(.ok, AccountJSON.usage(account.usage)) }
    case .forgotEmail, .forgotEmailOriginal: .account { _, _, user in APIResponse.envelope(.ok, .string(user.email)) }
    case .forgotUsername: .request { try await self.forgotUsername($0, $1) }
    case .forgotPassword: .request { try await self.forgotPassword($0, $1) }
    case .newKey: .accountWithUsage { try await self.newKey($0, $1, $2) }
    case .listKeys: .account { _, _, user in try await self.listKeys(user) }
    case .exportKey: .account { try await self.exportKey($0, $1, $2) }
    }
  }

  private func respond(to request: Request, context: ServerContext, with handler: EndpointHandler, authenticating: Bool)
    async throws -> Response
  {
    switch handler {
    case .request(let body):
      if authenticating { _ = try await authenticate(request) }
      return try await body(request, context)
    case .account(let body):
      return try await body(request, context, try await authenticate(request))
    case .accountWithUsage(let body):
      let account = try await authenticate(request) { try await self.store.userWithUsage(named: $0) }
      return try await body(request, context, account)
    }
  }
}

extension HTTPMethod {
  /// The method as Hummingbird's router names it.
  var routerMethod: HTTPRequest.Method {
    switch self {
    case .get: .get
    case .post: .post
    }
  }
}
