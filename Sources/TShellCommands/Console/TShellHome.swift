/// Where tshell keeps its files: `$TSHELL_HOME`, else `$XDG_CONFIG_HOME/tshell`, else `~/.config/tshell`.
public enum TShellHome {
  public static func path(_ environment: EnvironmentVariables = .process) -> String {
    if let home = environment.nonEmpty("TSHELL_HOME") { return home }
    if let config = environment.nonEmpty("XDG_CONFIG_HOME") { return config + "/tshell" }
    return (environment["HOME"] ?? ".") + "/.config/tshell"
  }
}
