import Crypto
import Foundation
import JWTKit
import TShellJSON
import TemporalAPI

/// The claims of an access token, exactly the original's: `id`, `exp`, `orig_iat`.
struct AccessClaims: JWTPayload {
  var id: String
  var exp: Int64?
  var originalIssue: Int64?

  enum CodingKeys: String, CodingKey {
    case id, exp
    case originalIssue = "orig_iat"
  }

  /// Whether the token was issued under `user`'s current credentials: not before its last
  /// password change, nor before the account was made.
  func isCurrent(for user: UserRecord) -> Bool {
    (originalIssue ?? 0) >= user.credentialsEpoch
  }

  /// Expiry and refresh windows are checked by `TokenService`, with the original's messages.
  func verify(using algorithm: some JWTAlgorithm) async throws {}
}

/// The claims of the email verification link's token (HS512).
struct EmailClaims: JWTPayload {
  var user: String
  var emailVerificationString: String
  /// The expiry in Go's `time.String()` form, as the original wrote it.
  var expire: String

  func verify(using algorithm: some JWTAlgorithm) async throws {}
}

/// Issues and checks tokens: HS256 access tokens (24 h, refreshable within 24 h of the login)
/// and the HS512 tokens of verification links.
struct TokenService: Sendable {
  static let lifetime: Int64 = 24 * 3600
  static let realm = "temporal-realm"

  private let accessKeys: JWTKeyCollection
  private let emailKeys: JWTKeyCollection
  /// HMAC-SHA256 keyed with the access secret and nothing authenticated yet, for checking
  /// access tokens on every request without an actor hop: each check copies it (the hash state
  /// is copied on write), which spares hashing the key's inner block again.
  private let accessMAC: HMAC<SHA256>
  /// The header segment of the tokens this service issues (`{"alg":"HS256","typ":"JWT"}`).
  private let issuedHeader: [UInt8]
  /// Access tokens already verified, by their `Authorization` header.
  private let verified = VerifiedTokens()

  /// `secret` must hold at least 32 bytes (the configuration checks it).
  init(secret: [UInt8]) async {
    accessKeys = await JWTKeyCollection().add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256)
    accessMAC = HMAC<SHA256>(key: SymmetricKey(data: secret))
    let sample = (try? await accessKeys.sign(AccessClaims(id: "", exp: nil, originalIssue: nil))) ?? ""
    issuedHeader = Array(sample.utf8.prefix { $0 != UInt8(ascii: ".") })
    // HS512 wants a key as long as its digest: derive one, so that any accepted secret works.
    let emailKey = Array(SHA512.hash(data: secret + Array("tshell email verification".utf8)))
    emailKeys = await JWTKeyCollection().add(hmac: HMACKey(from: emailKey), digestAlgorithm: .sha512)
  }

  /// A new access token for `username`; `originalIssue` carries a refreshed token's login time.
  func issue(for username: String, originalIssue: Int64? = nil, now: Date = Date()) async throws -> (token: String, expire: Date)
  {
    let issued = Int64(now.timeIntervalSince1970)
    let expire = issued + TokenService.lifetime
    let claims = AccessClaims(id: username, exp: expire, originalIssue: originalIssue ?? issued)
    return (try await accessKeys.sign(claims), Date(timeIntervalSince1970: TimeInterval(expire)))
  }

  /// Why a request's token was refused: the status and the original's message.
  struct Refusal: Error, Equatable {
    var status: Int
    var message: String
  }

  /// The claims of a valid, unexpired `Authorization: Bearer …` token.
  func authenticate(_ header: String?, now: Date = Date()) async -> Result<AccessClaims, Refusal> {
    switch await verifiedClaims(header, now: now) {
    case .failure(let refusal): return .failure(refusal)
    case .success(let claims):
      if let exp = claims.exp, Int64(now.timeIntervalSince1970) > exp {
        return .failure(Refusal(status: 401, message: APIMessage.tokenExpired))
      }
      return .success(claims)
    }
  }

  /// The claims of a token that may be refreshed: the signature must be valid; an expired token
  /// is accepted while its original login is less than 24 hours old (the original checked no
  /// signature at all).
  func refreshableClaims(_ header: String?, now: Date = Date()) async -> Result<AccessClaims, Refusal> {
    switch await verifiedClaims(header, now: now) {
    case .failure(let refusal): return .failure(refusal)
    case .success(let claims):
      guard let originalIssue = claims.originalIssue, Int64(now.timeIntervalSince1970) - originalIssue < TokenService.lifetime
      else {
        return .failure(Refusal(status: 401, message: APIMessage.refreshExpired))
      }
      return .success(claims)
    }
  }

  /// The claims of a header's token whose signature is valid (the expiry is not checked here):
  /// remembered from an earlier request, or checked now.
  private func verifiedClaims(_ header: String?, now: Date) async -> Result<AccessClaims, Refusal> {
    if let header, let claims = verified.claims(of: header), let originalIssue = claims.originalIssue,
      TokenService.isPast(login: originalIssue, now: now)
    {
      return .success(claims)
    }
    let result = checkedClaims(header, now: now)
    if let header, case .success(let claims) = result { verified.remember(header, claims) }
    return result
  }

  /// Parses the header and checks the signature (not the expiry). Works on the header's bytes.
  private func checkedClaims(_ header: String?, now: Date) -> Result<AccessClaims, Refusal> {
    guard let header, !header.isEmpty else { return .failure(Refusal(status: 401, message: APIMessage.authHeaderEmpty)) }
    let bytes = Array(header.utf8)
    let scheme = Array("Bearer ".utf8)
    guard bytes.count > scheme.count, bytes.starts(with: scheme) else {
      return .failure(Refusal(status: 401, message: APIMessage.invalidAuthHeader))
    }
    let token = bytes[scheme.count...]
    let dots = token.indices.filter { token[$0] == UInt8(ascii: ".") }
    guard dots.count == 2 else { return .failure(Refusal(status: 401, message: APIMessage.malformedToken)) }
    let headerSegment = token[token.startIndex..<dots[0]]
    let payloadSegment = token[(dots[0] + 1)..<dots[1]]
    let signatureSegment = token[(dots[1] + 1)...]
    if !headerSegment.elementsEqual(issuedHeader) {
      guard let algorithm = TokenService.algorithm(ofHeader: headerSegment) else {
        return .failure(Refusal(status: 401, message: "token header is not valid JSON in base64url"))
      }
      guard algorithm == "HS256" else { return .failure(Refusal(status: 401, message: APIMessage.invalidAlgorithm)) }
    }
    // HMAC-SHA256 over `header.payload`, compared in constant time.
    var mac = accessMAC
    mac.update(data: token[token.startIndex..<dots[1]])
    guard let signature = Base64URL.decode(signatureSegment), mac.finalize() == signature else {
      return .failure(Refusal(status: 401, message: APIMessage.signatureInvalid))
    }
    guard let claims = Base64URL.decode(payloadSegment), let payload = try? JSONDocument(JSONBytes(copying: claims)),
      let idNode = payload.member(payload.root, named: TokenService.idName), payload.kind(idNode) == .string
    else { return .failure(Refusal(status: 401, message: "token claims are not valid: an id string is required")) }
    // `exp` and `orig_iat` must be integer literals: a string, a fraction or 1e30 would make a
    // token that never expires (the check below compares integers only).
    func claim(_ name: JSONName) -> Int64? {
      guard let node = payload.member(payload.root, named: name), payload.kind(node) == .number else { return nil }
      let raw = payload.rawBytes(node)
      guard raw.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") || $0 == UInt8(ascii: "-") }) else {
        return nil
      }
      return payload.number(node).intValue.map(Int64.init)
    }
    guard let exp = claim(TokenService.expName), let originalIssue = claim(TokenService.issuedName) else {
      return .failure(Refusal(status: 401, message: "token claims are not valid: exp and orig_iat must be integers"))
    }
    // A login time in the future (past clock skew) would outlive every credentials change.
    guard TokenService.isPast(login: originalIssue, now: now) else {
      return .failure(Refusal(status: 401, message: "token claims are not valid: orig_iat is in the future"))
    }
    return .success(AccessClaims(id: payload.string(idNode), exp: exp, originalIssue: originalIssue))
  }

  /// Seconds a token's `orig_iat` may lie ahead of this server's clock.
  static let clockLeeway: Int64 = 60

  /// Whether a token's login time (`orig_iat`) is not in the future, within the clock leeway.
  static func isPast(login originalIssue: Int64, now: Date) -> Bool {
    originalIssue <= Int64(now.timeIntervalSince1970) + clockLeeway
  }

  private static let idName = JSONName("id")
  private static let expName = JSONName("exp")
  private static let issuedName = JSONName("orig_iat")

  /// The `alg` of a token header segment.
  static func algorithm(ofHeader segment: some Collection<UInt8>) -> String? {
    guard let bytes = Base64URL.decode(segment), let header = try? JSONValue(parsing: bytes) else { return nil }
    return header["alg"]?.stringValue
  }

  // MARK: - Email verification links

  /// The token of a verification link, valid for 24 hours.
  func emailToken(user: String, verificationString: String, now: Date = Date()) async throws -> String {
    let expire = GoTime.string(now.addingTimeInterval(TimeInterval(TokenService.lifetime)))
    return try await emailKeys.sign(EmailClaims(user: user, emailVerificationString: verificationString, expire: expire))
  }

  /// The verification string and expiry of a validly signed link token for `user`, or the
  /// original's message (the caller checks the string, then the expiry, in the original's order).
  func verifyEmailToken(_ token: String, user: String) async -> Result<(verification: String, expire: Date?), Refusal> {
    let segments = token.split(separator: ".", omittingEmptySubsequences: false)
    guard segments.count == 3, let algorithm = TokenService.algorithm(ofHeader: segments[0].utf8) else {
      return .failure(Refusal(status: 400, message: APIMessage.malformedToken))
    }
    guard algorithm == "HS512" else { return .failure(Refusal(status: 400, message: APIMessage.emailVerifyAlgorithm)) }
    let claims: EmailClaims
    do {
      claims = try await emailKeys.verify(token, as: EmailClaims.self)
    } catch {
      return .failure(Refusal(status: 400, message: APIMessage.signatureInvalid))
    }
    guard claims.user == user else { return .failure(Refusal(status: 400, message: APIMessage.emailVerifyUser(user))) }
    return .success((claims.emailVerificationString, GoTime.date(claims.expire)))
  }
}

/// Base64url without padding, as JWT segments are written (RFC 7515 §2), and only in its
/// canonical form: no `+`, `/` or `=`, and unused trailing bits zero, so that each token has one
/// spelling.
enum Base64URL {
  static func decode(_ text: Substring) -> [UInt8]? {
    decode(text.utf8)
  }

  static func decode(_ bytes: some Collection<UInt8>) -> [UInt8]? {
    guard bytes.count % 4 != 1 else { return nil }
    var output: [UInt8] = []
    output.reserveCapacity(bytes.count * 3 / 4)
    var accumulator: UInt32 = 0
    var bits = 0
    for byte in bytes {
      let value: UInt8
      switch byte {
      case UInt8(ascii: "A")...UInt8(ascii: "Z"): value = byte - UInt8(ascii: "A")
      case UInt8(ascii: "a")...UInt8(ascii: "z"): value = byte - UInt8(ascii: "a") + 26
      case UInt8(ascii: "0")...UInt8(ascii: "9"): value = byte - UInt8(ascii: "0") + 52
      case UInt8(ascii: "-"): value = 62
      case UInt8(ascii: "_"): value = 63
      default: return nil
      }
      accumulator = accumulator << 6 | UInt32(value)
      bits += 6
      if bits >= 8 {
        bits -= 8
        output.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
      }
    }
    guard accumulator & ((1 << UInt32(bits)) - 1) == 0 else { return nil }
    return output
  }
}

/// Go's `time.String()` format in UTC: `2019-01-31 12:00:00.123456789 +0000 UTC`.
enum GoTime {
  static func string(_ date: Date) -> String {
    let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
    let nanoseconds = Int64(((date.timeIntervalSince1970 - Double(seconds)) * 1e9).rounded())
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "UTC")
    formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
    let fraction = String(format: "%09lld", nanoseconds)
    return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds))) + "." + fraction + " +0000 UTC"
  }

  static func date(_ text: String) -> Date? {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "UTC")
    formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
    return formatter.date(from: String(text.prefix(19)))
  }
}
