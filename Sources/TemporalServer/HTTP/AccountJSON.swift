import Foundation
import TShellJSON
import TemporalAPI

/// The JSON the original returned for user and usage rows (Go field names, Go order).
enum AccountJSON {
  /// The registration answer: the user row with secrets scrubbed, and the terms.
  static func registered(_ user: UserRecord) -> JSONValue {
    var object = JSONObject()
    object["ID"] = .int(Int(user.id))
    object["CreatedAt"] = .string(Timestamp.rfc3339(user.createdAt))
    object["UpdatedAt"] = .string(Timestamp.rfc3339(user.updatedAt))
    object["DeletedAt"] = .null
    object["UserName"] = .string(user.username)
    object["EmailAddress"] = .string(user.email)
    object["AccountEnabled"] = .bool(user.accountEnabled)
    object["EmailEnabled"] = .bool(user.emailEnabled)
    object["EmailVerificationToken"] = .string(APIMessage.scrubbed)
    object["AdminAccess"] = .bool(user.admin)
    object["HashedPassword"] = .string(APIMessage.scrubbed)
    object["Free"] = .bool(user.free)
    object["Credits"] = credits(user.credits)
    object["CustomerObjectHash"] = .string(user.customerObjectHash)
    object["Organization"] = .string(user.organization)
    object["IPFSKeyNames"] = .null
    object["IPFSKeyIDs"] = .null
    object["IPFSNetworkNames"] = .null
    object["Status"] = .string(APIMessage.termsStatus)
    return .object(object)
  }

  static func usage(_ usage: UsageRecord) -> JSONValue {
    .object(
      JSONObject(distinctMembers: [
        ("ID", .int(Int(usage.id))),
        ("CreatedAt", .string(Timestamp.rfc3339(usage.createdAt))),
        ("UpdatedAt", .string(Timestamp.rfc3339(usage.updatedAt))),
        ("DeletedAt", .null),
        ("UserName", .string(usage.username)),
        ("MonthlyDataLimitBytes", .int(Int(usage.monthlyDataLimitBytes))),
        ("CurrentDataUsedBytes", .int(Int(usage.currentDataUsedBytes))),
        ("IPNSRecordsPublished", .int(Int(usage.ipnsRecordsPublished))),
        ("IPNSRecordsAllowed", .int(Int(usage.ipnsRecordsAllowed))),
        ("PubSubMessagesSent", .int(Int(usage.pubSubMessagesSent))),
        ("PubSubMessagesAllowed", .int(Int(usage.pubSubMessagesAllowed))),
        ("KeysCreated", .int(Int(usage.keysCreated))),
        ("KeysAllowed", .int(Int(usage.keysAllowed))),
        ("Tier", .string(usage.tier.rawValue)),
        ("ClaimedENSName", .bool(usage.claimedENSName)),
      ]))
  }

  /// A stored decimal balance as a JSON number (exact, whatever its size).
  static func credits(_ text: String) -> JSONValue {
    JSONNumber(text).map(JSONValue.number) ?? .int(0)
  }
}
