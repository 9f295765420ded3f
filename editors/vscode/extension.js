// Starts `tshell lsp` for tshell documents. The grammar, brackets and comments need none of
// this; the language server needs `vscode-languageclient` (npm install in this folder).
const vscode = require("vscode");
const { LanguageClient, TransportKind } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const command = vscode.workspace.getConfiguration("tshell").get("path") || "tshell";
  const server = { command, args: ["lsp"], transport: TransportKind.stdio };
  client = new LanguageClient(
    "tshell",
    "tshell",
    { run: server, debug: server },
    { documentSelector: [{ scheme: "file", language: "tshell" }, { scheme: "untitled", language: "tshell" }] }
  );
  context.subscriptions.push(client);
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
