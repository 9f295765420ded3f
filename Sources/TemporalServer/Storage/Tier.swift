/// Account tiers and their limits (the original's `models/usage.go`).
public enum Tier: String, Sendable, CaseIterable {
  case unverified, free, paid, partner
  case whiteLabeled = "white-labeled"

  /// The limits a tier sets on the usage row.
  public struct Limits: Sendable, Equatable {
    public var monthlyDataBytes: Int64
    public var keys: Int64
    public var pubSubMessages: Int64
    public var ipnsRecords: Int64
  }

  public var limits: Limits {
    switch self {
    case .unverified: return Limits(monthlyDataBytes: 0, keys: 0, pubSubMessages: 0, ipnsRecords: 0)
    case .free: return Limits(monthlyDataBytes: 3_221_225_472, keys: 5, pubSubMessages: 100, ipnsRecords: 5)
    case .paid: return Limits(monthlyDataBytes: 1_099_511_627_776_000, keys: 150, pubSubMessages: 15_000, ipnsRecords: 150)
    case .partner: return Limits(monthlyDataBytes: 1_099_511_627_776_000, keys: 200, pubSubMessages: 20_000, ipnsRecords: 200)
    case .whiteLabeled:
      return Limits(
        monthlyDataBytes: 1_099_511_627_776_000, keys: 2_147_483_647, pubSubMessages: 2_147_483_647,
        ipnsRecords: 2_147_483_647)
    }
  }
}
