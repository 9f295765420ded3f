import HummingbirdBcrypt
import NIOPosix

/// bcrypt, run on NIO's thread pool so that its deliberate slowness never blocks an event loop.
struct PasswordHasher: Sendable {
  /// bcrypt reads this many bytes of a password; longer ones are refused, not cut.
  static let maximumBytes = 72

  let cost: Int

  /// A well-formed hash at this cost that no password matches: login checks unknown names against
  /// it, so that they take as long as known ones.
  var unknownUserHash: String {
    let costText = cost < 10 ? "0\(cost)" : "\(cost)"
    return "$2b$\(costText)$" + "tshellunknownuser.salt" + "hash.that.no.password.matches.x"
  }

  /// The cost a bcrypt hash was made at (`$2b$10$…`), or nil when it is no bcrypt hash.
  static func cost(of hash: String) -> Int? {
    let parts = hash.split(separator: "$", omittingEmptySubsequences: false)
    guard parts.count >= 4 else { return nil }
    return Int(parts[2])
  }

  func hash(_ password: String) async throws -> String {
    let cost = UInt8(self.cost)
    return try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
  }

  func verify(_ password: String, hash: String) async throws -> Bool {
    try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
  }
}
