@_exported import TShellJSON
@_exported import TShellPath
