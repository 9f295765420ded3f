import Foundation
import Testing

@testable import TemporalServer

#if canImport(Glibc)
  import Glibc
#endif

/// What the server writes to disk: commits that wait for fsync, and files that no other user can
/// open at any moment, whatever the umask.
@Suite("Durability and private files", .serialized)
struct FileSafetyTests {
  static func temporaryDirectory(_ purpose: String) -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("tshell-\(purpose)-\(UUID().uuidString)").path
  }

  static func mode(_ path: String) throws -> Int {
    try #require(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
  }

  /// GRDB turns a pool's writer to synchronous = NORMAL when it enables WAL: FULL must be set
  /// after that, and be in force.
  @Test func sqliteCommitsWaitForFsync() async throws {
    let directory = Self.temporaryDirectory("sync")
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    let store = try SQLiteAccountStore(path: directory + "/temporal.sqlite")
    #expect(try await store.writerSynchronous() == SQLiteAccountStore.synchronousFull)
  }

  /// Under umask 000 every file and folder would come out world-readable unless it is created
  /// with its mode.
  @Test func secretsMailAndBackupsAreBornPrivate() async throws {
    let previous = umask(0)
    defer { umask(previous) }
    let directory = Self.temporaryDirectory("modes")
    let server = try await EmbeddedServer.start(dataDirectory: directory)
    #expect(try Self.mode(directory) == 0o700)
    #expect(try Self.mode(directory + "/mail") == 0o700)
    for secret in ["jwt-secret", "key-encryption-key", "temporal.sqlite"] {
      #expect(try Self.mode(directory + "/" + secret) == 0o600, "\(secret)")
    }
    try OwnerOnlyFile.create(directory + "/made", contents: Array("x".utf8))
    #expect(try Self.mode(directory + "/made") == 0o600)
    #expect(throws: OwnerOnlyFile.Failure.self) { try OwnerOnlyFile.create(directory + "/made", contents: []) }
    let outbox = MailOutbox(directory: directory + "/mail")
    try outbox.send(to: "ann@example.com", subject: "s", content: "c")
    for file in try FileManager.default.contentsOfDirectory(atPath: directory + "/mail") {
      #expect(try Self.mode(directory + "/mail/" + file) == 0o600, "\(file)")
    }
    let store = try SQLiteAccountStore(path: directory + "/temporal.sqlite")
    try store.backup(to: directory + "/backup.sqlite")
    #expect(try Self.mode(directory + "/backup.sqlite") == 0o600)
    _ = server
  }

  /// Files are opened with their mode rather than chmod-ed after: the calls that make them say so.
  @Test func noPrivateFileIsChmodedAfterItIsMade() throws {
    let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("Sources/TemporalServer")
    for case let file as String in FileManager.default.enumerator(atPath: sources.path) ?? FileManager.DirectoryEnumerator()
    where file.hasSuffix(".swift") {
      let text = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
      #expect(!text.contains("createFile(atPath"), "\(file) creates a file and sets its mode afterwards")
    }
  }
}
