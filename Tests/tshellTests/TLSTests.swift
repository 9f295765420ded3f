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
