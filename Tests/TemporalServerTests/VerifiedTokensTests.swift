import Foundation
import Testing

@testable import TemporalServer

/// A token verified once is remembered, and still refused when its time runs out or its bytes change.
@Suite("Server: remembered tokens")
struct VerifiedTokensTests {
  static let secret = Array("a secret of at least thirty-two bytes".utf8)

  @Test func aRememberedTokenStillExpires() async throws {
    let tokens = await TokenService(secret: Self.secret)
    let issued = Date(timeIntervalSince1970: 1_800_000_000)
    let header = "Bearer " + (try await tokens.issue(for: "ann", now: issued).token)
    #expect(try await tokens.authenticate(header, now: issued).get().id == "ann")
    #expect(try await tokens.authenticate(header, now: issued.addingTimeInterval(3_600)).get().id == "ann")
    // Past its 24 hours, and past the refresh window, the remembered token is refused as before.
    let later = issued.addingTimeInterval(24 * 3_600 + 1)
    #expect(refusal(await tokens.authenticate(header, now: later)) == .init(status: 401, message: "Token is expired"))
    #expect(try await tokens.refreshableClaims(header, now: later.addingTimeInterval(-2)).get().id == "ann")
    #expect(
      refusal(await tokens.refreshableClaims(header, now: later)) == .init(status: 401, message: "Token is expired."))
  }

  @Test func aChangedByteIsCheckedAgain() async throws {
    let tokens = await TokenService(secret: Self.secret)
    let now = Date()
    let header = "Bearer " + (try await tokens.issue(for: "bo", now: now).token)
    #expect(try await tokens.authenticate(header, now: now).get().id == "bo")
    let tampered = String(header.dropLast()) + (header.hasSuffix("A") ? "B" : "A")
    #expect(refusal(await tokens.authenticate(tampered, now: now)) == .init(status: 401, message: "signature is invalid"))
    // A token from another server's key is not taken for this one's, whatever this one remembers.
    let other = await TokenService(secret: Array(repeating: 9, count: 32))
    #expect(
      refusal(await other.authenticate(header, now: now)) == .init(status: 401, message: "signature is invalid"))
  }

  /// Why a check refused, or nil when it passed.
  func refusal(_ result: Result<AccessClaims, TokenService.Refusal>) -> TokenService.Refusal? {
    if case .failure(let refusal) = result { return refusal }
    return nil
  }

  @Test func memoryStaysBounded() {
    let remembered = VerifiedTokens(capacity: 4)
    for index in 0..<10 {
      remembered.remember("token \(index)", AccessClaims(id: "user \(index)", exp: 1, originalIssue: 1))
      #expect(remembered.count <= 4)
    }
    #expect(remembered.claims(of: "token 9")?.id == "user 9")
  }

  /// Several threads remembering and looking up at once: every answer is the claims that token
  /// was stored with, or none (forgotten when the table filled).
  @Test func concurrentUseKeepsEachTokensClaims() async {
    let remembered = VerifiedTokens(capacity: 64)
    let wrong = await withTaskGroup(of: Int.self) { group in
      for worker in 0..<4 {
        group.addTask {
          var wrong = 0
          for step in 0..<20_000 {
            let token = "token \((worker * 7 + step) % 200)"
            if step % 3 == 0 {
              remembered.remember(token, AccessClaims(id: token, exp: 1, originalIssue: 1))
            } else if let claims = remembered.claims(of: token), claims.id != token {
              wrong += 1
            }
          }
          return wrong
        }
      }
      return await group.reduce(0, +)
    }
    #expect(wrong == 0)
    #expect(remembered.count <= 64)
  }
}
