import Foundation
import TShellTestSupport
import Testing

/// The builds in scripts/ give the dependencies' C++ files a precompiled standard-library prelude
/// (scripts/lib/cxx_prelude.py): the objects are the same, and a build that clang refuses it for
/// runs again without it.
@Suite("Build: the precompiled C++ prelude (scripts/lib/cxx_prelude.py)")
struct CXXPreludeTests {
  static let root = TShellProcess.packageRoot.path

  @Test func theDebugBuildsCXXFilesCompileToTheSameObjectsWithThePrelude() throws {
    // Every 25th C++ file of the manifest the tests were built from, compiled both ways.
    let checked = try ToolProcess.run(
      "/usr/bin/env", ["python3", "scripts/lib/cxx_prelude.py", "check", "debug", "25"], directory: Self.root)
    #expect(checked.status == 0, "\(checked.output)")
    let summary = checked.output.split(separator: "\n").first.map(String.init) ?? ""
    let files = Int(summary.prefix { $0.isNumber }) ?? 0
    #expect(files >= 20, "\(summary)")
    #expect(summary.hasPrefix("\(files) C++ files (debug): ") && summary.hasSuffix(" s with it"), "\(summary)")
    #expect(!checked.output.contains("differs:"), "\(checked.output)")
  }

  /// A folder with the project's scripts, and a `swift` on the PATH that records each call and
  /// answers a build as `reply` says (the real swift answers `-print-target-info`, and clang is
  /// the toolchain's, so the prelude is really built).
  static func fakeToolchain(_ name: String, reply: String) throws -> (folder: String, calls: String) {
    let folder = TShellProcess.freshHome(name)
    let bin = folder + "/bin"
    try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
    // `swift` is a link to swift-driver, which reads its name: the link is what runs, its folder
    // is where clang is.
    let found = try ToolProcess.run("/usr/bin/env", ["sh", "-c", "command -v swift; readlink -f \"$(command -v swift)\""])
    let paths = found.output.split(separator: "\n").map(String.init)
    let swift = paths.first ?? "swift"
    let script = """
      #!/bin/sh
      echo "$*" >>"\(folder)/calls"
      [ "$1" = -print-target-info ] && exec "\(swift)" "$@"
      \(reply)
      """
    try script.write(toFile: bin + "/swift", atomically: true, encoding: .utf8)
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: bin + "/swift")
    let clang = ((paths.last ?? swift) as NSString).deletingLastPathComponent + "/clang"
    try FileManager.default.createSymbolicLink(atPath: bin + "/clang", withDestinationPath: clang)
    try FileManager.default.createSymbolicLink(atPath: folder + "/scripts", withDestinationPath: Self.root + "/scripts")
    return (folder, folder + "/calls")
  }

  static func build(in folder: String) throws -> (status: Int32, output: String) {
    let path = folder + "/bin:" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
    return try ToolProcess.run(
      "/bin/bash", ["-c", ". scripts/lib/setup.sh && tshell_swift_build debug --build-tests"],
      environment: ["PATH": path], directory: folder)
  }

  static func builds(_ calls: String) throws -> [String] {
    try String(contentsOfFile: calls, encoding: .utf8).split(separator: "\n").map(String.init)
      .filter { $0.hasPrefix("build ") }
  }

  @Test func aBuildThatClangRefusesThePreludeForRunsAgainWithoutIt() throws {
    let (folder, calls) = try Self.fakeToolchain(
      "prelude-refused",
      reply: """
        case "$*" in *-include-pch*) echo "error: PCH file '$PWD/.build/cxx-prelude/debug.pch' was compiled for another target" >&2; exit 1;; esac
        echo "Build complete!"
        """)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let result = try Self.build(in: folder)
    #expect(result.status == 0, "\(result.output)")
    #expect(result.output == "tshell: clang did not take the C++ prelude; building without it\nBuild complete!\n")
    let pch = folder + "/.build/cxx-prelude/debug.pch"
    #expect(try Self.builds(calls) == ["build -Xcxx -include-pch -Xcxx \(pch) --build-tests", "build --build-tests"])
  }

  @Test func aBuildFailingForAnotherReasonFailsOnceWithItsMessage() throws {
    let (folder, calls) = try Self.fakeToolchain(
      "prelude-other-failure", reply: "echo 'error: cannot find X in scope' >&2; exit 1")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let result = try Self.build(in: folder)
    #expect(result.status == 1)
    #expect(result.output == "error: cannot find X in scope\n")
    #expect(try Self.builds(calls).count == 1)
  }
}
