import ArgumentParser
import TShellCommands
import TemporalServer

/// Where a server's accounts live, for `serve` and `admin`: PostgreSQL (shared by replicas) and
/// the key-encryption key the replicas share.
struct StorageOptions: ParsableArguments {
  @Option(
    help: ArgumentHelp(
      "Store accounts in PostgreSQL (postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE; default: TSHELL_DATABASE_URL, else SQLite in the data directory). The password may also come from PGPASSWORD.",
      valueName: "url"))
  var database: String?

  @Option(
    help: ArgumentHelp("A file holding the database password (instead of the URL or PGPASSWORD).", valueName: "file"),
    completion: .file())
  var databasePasswordFile: String?

  @Option(
    help: ArgumentHelp(
      "A file holding the 32-byte key that encrypts private keys at rest (default: generated in the data directory); replicas share it.",
      valueName: "file"), completion: .file())
  var keyEncryptionKeyFile: String?

  func apply(to configuration: inout ServerConfiguration) {
    configuration.databaseURL = database ?? EnvironmentVariables.process.nonEmpty("TSHELL_DATABASE_URL")
    configuration.databasePasswordFile = databasePasswordFile
    configuration.keyEncryptionKeyFile = keyEncryptionKeyFile
  }
}
