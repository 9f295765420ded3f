@_exported import TShellJSON
