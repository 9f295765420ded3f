#if canImport(Glibc)
import Glibc
#endif

/// Where tshell keeps its files: `$TSHELL_HOME`, else `$XDG_CONFIG_HOME/tshell`, else `~/.config/tshell`.
enum TShellHome {
  static var path: String {
    if let home = environment("TSHELL_HOME"), !home.isEmpty { return home }
    if let config = environment("XDG_CONFIG_HOME"), !config.isEmpty { return config + "/tshell" }
    return (environment("HOME") ?? ".") + "/.config/tshell"
  }

  static func environment(_ name: String) -> String? {
    getenv(name).map { String(cString: $0) }
  }
}
