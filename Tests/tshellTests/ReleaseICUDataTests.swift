import Foundation
import TShellTestSupport
import Testing

/// The release binary links ICU's data as root and English only (scripts/lib/icu_data.py): a
/// static program linked the same way formats dates as tshell's server does, and carries the
/// trimmed package instead of the toolchain's.
@Suite("Release build: ICU's data trimmed to root and English (scripts/lib/icu_data.py)")
struct ReleaseICUDataTests {
  /// What `command arguments…` (found on the PATH) printed, and its exit status.
  static func run(_ arguments: [String], in folder: String) throws -> (status: Int32, output: String) {
    try ToolProcess.run("/usr/bin/env", arguments, directory: folder)
  }

  /// The dates tshell's server writes (GoTime, MailOutbox), a time zone's offset, a number.
  static let program = """
    import Foundation
    let instant = Date(timeIntervalSince1970: 1_796_000_000.25)
    for format in ["yyyy-MM-dd HH:mm:ss", "yyyyMMdd'T'HHmmss"] {
      let formatter = DateFormatter()
      formatter.locale = Locale(identifier: "en_US_POSIX")
      formatter.timeZone = TimeZone(identifier: "UTC")
      formatter.dateFormat = format
      print(formatter.string(from: instant), formatter.date(from: formatter.string(from: instant)) == Date(timeIntervalSince1970: 1_796_000_000))
    }
    print(TimeZone(identifier: "Europe/Paris")?.secondsFromGMT(for: instant) ?? -1, String(format: "%06d|%.2f", 42, 2.5))
    """

  @Test func aStaticProgramLinkedWithTheTrimmedDataFormatsDatesAsTheServerDoes() throws {
    let folder = TShellProcess.freshHome("icu")
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let script = TShellProcess.packageRoot.appendingPathComponent("scripts/lib/icu_data.py").path
    let trimmed = try Self.run(["python3", script, folder], in: folder)
    #expect(trimmed.status == 0)
    let flags = trimmed.output.split(separator: "\n").map(String.init)
    #expect(flags.count == 2 && flags[0].hasPrefix("--defsym=icudt") && flags[0].hasSuffix("_dat=tshell_icu_data"), "\(flags)")
    let listing = try Self.run(["python3", script, "--list"], in: folder)
    for item in ["/root.res", "/en.res", "/zoneinfo64.res", "/coll/ucadata.icu", "/metaZones.res"] {
      #expect(listing.output.split(separator: "\n").contains { $0.hasPrefix("kept") && $0.hasSuffix(item) }, "\(item)")
    }
    #expect(listing.output.split(separator: "\n").contains { $0.hasPrefix("left") && $0.hasSuffix("/de.res") })

    try Self.program.write(toFile: folder + "/main.swift", atomically: true, encoding: .utf8)
    let built = try Self.run(
      ["swiftc", "-static-executable", "main.swift", "-o", "dates"]
        + flags.flatMap { ["-Xlinker", $0] },
      in: folder)
    #expect(built.status == 0, "\(built.output)")
    let ran = try Self.run(["./dates"], in: folder)
    #expect(ran.output == "2026-11-30 00:53:20 true\n20261130T005320 true\n3600 000042|2.50\n")
    #expect(ran.status == 0)

    // ICU's data is the trimmed package (under 6 MB), not the toolchain's 34 MB.
    let symbols = try Self.run(["nm", "-S", "--defined-only", "dates"], in: folder)
    let line = symbols.output.split(separator: "\n").first { $0.hasSuffix(" tshell_icu_data") }
    let size = line.flatMap { Int($0.split(separator: " ")[1], radix: 16) }
    #expect(size.map { $0 < 6_000_000 && $0 > 3_000_000 } == true, "\(line ?? "no tshell_icu_data")")
    #expect(!symbols.output.contains(" R icudt"), "the toolchain's package was linked too")
  }
}
