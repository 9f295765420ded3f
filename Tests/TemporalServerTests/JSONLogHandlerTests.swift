import Logging
import Synchronization
import TShellJSON
import Testing

@testable import TemporalServer

@Suite("Server: --log-format json")
struct JSONLogHandlerTests {
  final class Lines: Sendable {
    let all = Mutex<[String]>([])
    func append(_ line: String) { all.withLock { $0.append(line) } }
  }

  @Test func oneObjectPerLineWithTheMetadataAsMembers() throws {
    let lines = Lines()
    var logger = Logger(label: "tshell.serve") { label in JSONLogHandler(label: label, write: { lines.append($0) }) }
    logger[metadataKey: "replica"] = "a"
    logger.info("request", metadata: ["status": "200", "message": "not this one", "path": "/health"])
    logger.debug("below the level")
    logger.error("storage failure", metadata: ["error": "the \"disk\" is\nfull"])
    let written = lines.all.withLock { $0 }
    #expect(written.count == 2)
    #expect(written.allSatisfy { $0.hasSuffix("}\n") && $0.filter { $0 == "\n" }.count == 1 })
    let first = try JSONValue(parsing: written[0])
    #expect(first["level"] == "info")
    #expect(first["label"] == "tshell.serve")
    #expect(first["message"] == "request")
    #expect(first["status"] == "200")
    #expect(first["path"] == "/health")
    #expect(first["replica"] == "a")
    #expect(first["time"]?.stringValue?.hasSuffix("Z") == true)
    #expect(first.objectValue?.keys.prefix(4) == ["time", "level", "label", "message"])
    let second = try JSONValue(parsing: written[1])
    #expect(second["level"] == "error")
    #expect(second["error"] == "the \"disk\" is\nfull")
  }
}
