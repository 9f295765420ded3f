import Foundation
import TShellTestSupport
import Testing

/// `tshell serve --tls-cert/--tls-key` with a self-signed certificate, and tshell's own client
/// trusting it with `--cacert` or `TSHELL_CACERT`.
@Suite("HTTPS: serve with TLS, the client with --cacert (process)")
struct TLSTests {
  /// A fresh self-signed certificate for 127.0.0.1 and its key: (certificate, key) paths.
  static func selfSigned() throws -> (String, String) {
    let folder = TShellProcess.freshHome("tls")
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let openssl = Process()
    openssl.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    openssl.arguments = [
      "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "2",
      "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", folder + "/key.pem", "-out",
      folder + "/cert.pem",
    ]
    openssl.standardOutput = FileHandle.nullDevice
    openssl.standardError = FileHandle.nullDevice
    try openssl.run()
    openssl.waitUntilExit()
    #expect(openssl.terminationStatus == 0)
    return (folder + "/cert.pem", folder + "/key.pem")
  }

  @Test func theClientTrustsTheServerThroughCACertOnly() async throws {
    let (certificate, key) = try Self.selfSigned()
    let server = try ServerProcess(
      dataDirectory: TShellProcess.freshHome("tls-server"), extraArguments: ["--tls-cert", certificate, "--tls-key", key])
    defer { server.stop() }
    #expect(server.baseURL.hasPrefix("https://127.0.0.1:"))

    let code = "register ann ann@example.com --password-env PW | $.UserName"
    let trusted = try TShellProcess.run(
      ["--api", server.baseURL, "--cacert", certificate, "--raw", "-c", code], environment: ["PW": "a long password"])
    #expect(trusted.stderr == "")
    #expect(trusted.stdout == "ann\n")
    #expect(trusted.status == 0)
    let fromEnvironment = try TShellProcess.run(
      ["--api", server.baseURL, "--raw", "-c", code], environment: ["TSHELL_CACERT": certificate, "PW": "a long password"])
    // The same name again: the server's refusal shows that the request got through.
    #expect(fromEnvironment.status == 4)
    #expect(fromEnvironment.stderr.contains("400"))

    // Without the authority, the certificate is refused: no request reaches the server.
    let untrusted = try TShellProcess.run(["--api", server.baseURL, "-c", code], environment: ["PW": "a long password"])
    #expect(untrusted.status != 0)
    #expect(
      untrusted.stderr.hasPrefix(
        "<command line>:1:1: error: cannot reach \(server.baseURL): the server's TLS certificate is not trusted; give its certificate authority with --cacert FILE or TSHELL_CACERT\n"
      ))
    let unreadable = try TShellProcess.run(
      ["--api", server.baseURL, "--cacert", "/nonexistent.pem", "-c", code], environment: ["PW": "a long password"])
    #expect(unreadable.status != 0)
    #expect(unreadable.stderr.contains("--cacert: /nonexistent.pem is not a readable PEM file of certificates"))
  }

  /// The handshake openssl s_client gets with `arguments`: its exit status (0: connected).
  static func handshake(_ address: String, _ arguments: [String]) throws -> Int32 {
    let client = Process()
    client.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    client.arguments = ["openssl", "s_client", "-connect", address] + arguments
    client.standardInput = FileHandle.nullDevice
    client.standardOutput = FileHandle.nullDevice
    client.standardError = FileHandle.nullDevice
    try client.run()
    client.waitUntilExit()
    return client.terminationStatus
  }

  /// TLS 1.2 at least, and for 1.2 only ECDHE with AEAD ciphers: TLS 1.1 and CBC-SHA1 suites,
  /// which clients may still offer, get no handshake.
  @Test func onlyModernTLSIsAccepted() throws {
    let (certificate, key) = try Self.selfSigned()
    let server = try ServerProcess(
      dataDirectory: TShellProcess.freshHome("tls-versions"), extraArguments: ["--tls-cert", certificate, "--tls-key", key])
    defer { server.stop() }
    let address = String(server.baseURL.dropFirst("https://".count))
    #expect(try Self.handshake(address, ["-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0"]) != 0)
    #expect(try Self.handshake(address, ["-tls1_2", "-cipher", "ECDHE-ECDSA-AES128-SHA@SECLEVEL=0"]) != 0)
    #expect(try Self.handshake(address, ["-tls1_2", "-cipher", "ECDHE-ECDSA-AES128-GCM-SHA256"]) == 0)
    #expect(try Self.handshake(address, ["-tls1_2", "-cipher", "ECDHE-ECDSA-CHACHA20-POLY1305"]) == 0)
    #expect(try Self.handshake(address, ["-tls1_3"]) == 0)
  }

  @Test func badTLSSettingsExitTwo() throws {
    let (certificate, _) = try Self.selfSigned()
    let alone = try TShellProcess.run(["serve", "--tls-cert", certificate, "--data-dir", TShellProcess.freshHome("tls-bad")])
    #expect(alone.status == 2)
    #expect(alone.stderr == "tshell serve: --tls-cert and --tls-key go together: give both PEM files, or neither\n")
    let wrongKey = try TShellProcess.run([
      "serve", "--tls-cert", certificate, "--tls-key", certificate, "--data-dir", TShellProcess.freshHome("tls-bad"),
    ])
    #expect(wrongKey.status == 2)
    #expect(wrongKey.stderr == "tshell serve: --tls-key: \(certificate) is not a readable PEM private key\n")
  }
}
