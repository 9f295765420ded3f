import Foundation

/// The connection cap: the operator's, kept under the process's open-file limit so that the
/// server stops accepting before `accept` fails with EMFILE (the database, logs and mail need
/// descriptors too).
enum ConnectionLimit {
  static let reservedDescriptors = 64

  static func effective(_ configured: Int) -> Int {
    var limit = rlimit()
    guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur != rlim_t.max else { return configured }
    let available = Int(clamping: limit.rlim_cur) - reservedDescriptors
    return max(1, min(configured, available))
  }
}
