// swift-tools-version:6.1
import PackageDescription

let package = Package(
  name: "tshell",
  platforms: [.macOS(.v15)],
  products: [
    .executable(name: "tshell", targets: ["tshell"]),
    .library(name: "TShellJSON", targets: ["TShellJSON"]),
    .library(name: "TShellPath", targets: ["TShellPath"]),
    .library(name: "TShellLanguage", targets: ["TShellLanguage"]),
    .library(name: "TShellCommands", targets: ["TShellCommands"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
    .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
    .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
    .package(url: "https://github.com/hummingbird-project/hummingbird-websocket", from: "2.8.1"),
    .package(url: "https://github.com/vapor/jwt-kit", from: "5.8.0"),
    .package(url: "https://github.com/vapor/multipart-kit", from: "4.7.1"),
    .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
    .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
    .package(url: "https://github.com/apple/swift-nio", from: "2.101.3"),
    .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
    .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
    .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
    .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.2"),
    .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
    .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
  ],
  targets: [
    .target(name: "CJSONSupport"),
    .target(name: "TShellJSON", dependencies: ["CJSONSupport"]),
    .target(name: "TShellPath", dependencies: ["TShellJSON"]),
    .target(
      name: "TShellLanguage",
      dependencies: ["TShellJSON", "TShellPath", .product(name: "CSV", package: "CSV.swift")]
    ),
    .target(name: "TemporalAPI", dependencies: ["TShellJSON"]),
    .target(
      name: "TemporalKeys",
      dependencies: [
        .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "CryptoExtras", package: "swift-crypto"),
      ]
    ),
    .target(
      name: "TemporalClient",
      dependencies: [
        "TemporalAPI",
        "TemporalKeys",
        "TShellJSON",
        .product(name: "AsyncHTTPClient", package: "async-http-client"),
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOHTTP1", package: "swift-nio"),
        .product(name: "NIOSSL", package: "swift-nio-ssl"),
        .product(name: "TOMLKit", package: "TOMLKit"),
      ]
    ),
    .target(
      name: "TemporalServer",
      dependencies: [
        "TemporalAPI",
        "TemporalKeys",
        "TShellJSON",
        .product(name: "Hummingbird", package: "hummingbird"),
        .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
        .product(name: "JWTKit", package: "jwt-kit"),
        .product(name: "MultipartKit", package: "multipart-kit"),
        .product(name: "GRDB", package: "GRDB.swift"),
        .product(name: "GRDBSQLite", package: "GRDB.swift"),
        .product(name: "PostgresNIO", package: "postgres-nio"),
        .product(name: "Logging", package: "swift-log"),
        .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "HTTPTypes", package: "swift-http-types"),
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOPosix", package: "swift-nio"),
        .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
        .product(name: "HummingbirdCore", package: "hummingbird"),
        .product(name: "HummingbirdTLS", package: "hummingbird"),
        .product(name: "NIOSSL", package: "swift-nio-ssl"),
        .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        .product(name: "UnixSignals", package: "swift-service-lifecycle"),
        .product(name: "Prometheus", package: "swift-prometheus"),
      ]
    ),
    .target(
      name: "TShellCommands",
      dependencies: [
        "TShellJSON", "TShellLanguage", "TemporalClient", "TemporalKeys", "TemporalAPI",
        .product(name: "Subprocess", package: "swift-subprocess"),
        .product(name: "SystemPackage", package: "swift-system"),
      ]
    ),
    .target(name: "TShellEditor", dependencies: ["TShellJSON", "TShellLanguage", "TShellCommands"]),
    .target(
      name: "TShellPlayground",
      dependencies: [
        "TShellCommands", "TShellJSON", "CSpawnSupport",
        .product(name: "Hummingbird", package: "hummingbird"),
        .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
        .product(name: "HTTPTypes", package: "swift-http-types"),
        .product(name: "Logging", package: "swift-log"),
        .product(name: "NIOCore", package: "swift-nio"),
      ],
      // The page and xterm.js are compiled in (EmbeddedFiles.swift), not shipped beside the binary.
      exclude: ["Page", "Vendor"]
    ),
    .systemLibrary(
      name: "CLibEdit",
      pkgConfig: "libedit",
      providers: [.apt(["libedit-dev"]), .brew(["libedit"])]
    ),
    .target(name: "LineEditor", dependencies: ["CLibEdit", "CLineEditorSupport"]),
    .target(name: "CLineEditorSupport"),
    .target(name: "CSpawnSupport"),
    .executableTarget(
      name: "tshell",
      dependencies: [
        "TShellJSON",
        "TShellPath",
        "TShellLanguage",
        "TShellCommands",
        "TShellEditor",
        "TShellPlayground",
        "TemporalServer",
        "TemporalClient",
        "LineEditor",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
        .product(name: "Logging", package: "swift-log"),
      ],
      // Start-up: a static executable has no dynamic loader, no shared libraries to map and no
      // symbols to bind before `main` (docs/benchmarks.md: `tshell -c 1` 1.6 ms instead of 2.8).
      // libedit and SQLite come in statically too, with the libraries they use themselves; the
      // shipped binary carries symbols (for profiles) but no debug info. lld, from the toolchain,
      // folds functions whose code is the same into one (`--icf=all`, as Apple's linker does by
      // default; with the sections scripts/lib/setup.sh asks for: 54.3 MB stripped instead of 57.1).
      linkerSettings: [
        .unsafeFlags(
          [
            "-static-executable", "-lbsd", "-lmd", "-ltinfo", "-Xlinker", "--strip-debug", "-use-ld=lld", "-Xlinker", "--icf=all",
          ],
          .when(configuration: .release))
      ]
    ),
    // What the test targets share: a seeded generator, the binary under test as a process, a
    // `tshell serve` process, a pseudo-terminal, a fixed-answer HTTP server, unified diffs.
    .target(name: "TShellTestSupport", dependencies: ["TShellPlayground"], path: "Tests/TShellTestSupport"),
    .testTarget(name: "TShellJSONTests", dependencies: ["TShellJSON", "TShellTestSupport"]),
    .testTarget(name: "TShellPathTests", dependencies: ["TShellPath", "TShellTestSupport"]),
    .testTarget(name: "TShellLanguageTests", dependencies: ["TShellJSON", "TShellLanguage", "TShellTestSupport"]),
    .testTarget(name: "TemporalAPITests", dependencies: ["TemporalAPI", "TShellJSON"]),
    .testTarget(name: "TemporalKeysTests", dependencies: ["TemporalKeys", "TShellJSON"], exclude: ["Fixtures"]),
    .testTarget(name: "TemporalClientTests", dependencies: ["TemporalClient", "TemporalAPI", "TShellJSON"]),
    .testTarget(
      name: "TShellCommandsTests",
      dependencies: ["TShellCommands", "TShellLanguage", "TemporalClient", "TemporalAPI", "TemporalKeys", "TemporalServer"]
    ),
    .testTarget(
      name: "TemporalServerTests",
      dependencies: [
        "TemporalServer",
        "TemporalAPI",
        "TemporalKeys",
        "TShellJSON",
        "TShellTestSupport",
        .product(name: "Hummingbird", package: "hummingbird"),
        .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
        .product(name: "HummingbirdTesting", package: "hummingbird"),
        .product(name: "HTTPTypes", package: "swift-http-types"),
        .product(name: "Logging", package: "swift-log"),
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "CryptoExtras", package: "swift-crypto"),
        .product(name: "PostgresNIO", package: "postgres-nio"),
      ]
    ),
    .testTarget(name: "LineEditorTests", dependencies: ["LineEditor"]),
    // Runs the `tshell` product as a process; depending on it builds it first, next to the tests.
    .testTarget(
      name: "tshellTests",
      dependencies: [
        "tshell", "TShellCommands", "TShellJSON", "TShellLanguage", "TemporalKeys", "TShellTestSupport",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),
  ]
)

// Release builds compile the dependencies for size (`tshell_build_release` in scripts/lib/setup.sh
// passes -Osize: about 8% less CPU for a cold build, the binary 3 MB smaller, the server as fast) and
// tshell's own modules for speed (the interpreter's loops are 28% slower at -Osize): the compiler
// takes the last optimization flag it is given, and this one comes after -Xswiftc's.
for target in package.targets where [.regular, .executable].contains(target.type) {
  target.swiftSettings = (target.swiftSettings ?? []) + [.unsafeFlags(["-Xfrontend", "-O"], .when(configuration: .release))]
}
