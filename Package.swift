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
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
  ],
  targets: [
    .target(name: "TShellJSON"),
    .target(name: "TShellPath", dependencies: ["TShellJSON"]),
    .target(
      name: "TShellLanguage",
      dependencies: ["TShellJSON", "TShellPath"],
      // The interpreter's scopes are class properties touched on every step; release builds skip
      // the dynamic exclusivity checks there (debug builds, which the tests use, keep them).
      swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]
    ),
    .systemLibrary(
      name: "CLibEdit",
      pkgConfig: "libedit",
      providers: [.apt(["libedit-dev"]), .brew(["libedit"])]
    ),
    .target(name: "LineEditor", dependencies: ["CLibEdit"]),
    .executableTarget(
      name: "tshell",
      dependencies: [
        "TShellJSON",
        "TShellPath",
        "TShellLanguage",
        "LineEditor",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    .testTarget(name: "TShellJSONTests", dependencies: ["TShellJSON"]),
    .testTarget(name: "TShellPathTests", dependencies: ["TShellPath"]),
    .testTarget(name: "TShellLanguageTests", dependencies: ["TShellLanguage"]),
    .testTarget(name: "tshellTests", dependencies: ["TShellJSON"]),
  ]
)
