/// Where tshell keeps its files: `$TSHELL_HOME`, else `$XDG_CONFIG_HOME/tshell`, else `~/.config/tshell`.
enum TShellHome {
  static var path: String {
    if let home = Environment.nonEmpty("TSHELL_HOME") { return home }
    if let config = Environment.nonEmpty("XDG_CONFIG_HOME") { return config + "/tshell" }
    return (Environment.variable("HOME") ?? ".") + "/.config/tshell"
  }
}
