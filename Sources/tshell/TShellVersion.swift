/// The version `tshell --version` prints and `User-Agent` carries.
enum TShellVersion {
  static let current = "0.1.0"
}
