"""`tshell lsp` with a real client (pytest-lsp, on pygls): the lifecycle, diagnostics, completion,
hover, definition and references across a sourced file, document symbols, formatting, and bad
requests answered with LSP errors."""
import json
import pathlib
import subprocess

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from conftest import TSHELL


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[TSHELL, "lsp"]))
async def client(lsp_client: LanguageClient):
    lsp_client.initialize_result = await lsp_client.initialize_session(
        types.InitializeParams(capabilities=client_capabilities("visual-studio-code"))
    )
    yield
    await lsp_client.shutdown_session()


def open_document(client, path, text, version=1):
    uri = pathlib.Path(path).as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="tshell", version=version, text=text)
        )
    )
    return uri


def position(line, character):
    return types.Position(line=line, character=character)


async def diagnostics_for(client, uri):
    while True:
        await client.wait_for_notification("textDocument/publishDiagnostics")
        if uri in client.diagnostics:
            return client.diagnostics[uri]


async def test_initialize_answers_the_capabilities(client):
    result = client.initialize_result
    server = result.capabilities
    assert server.hover_provider is True
    assert server.definition_provider is True
    assert server.references_provider is True
    assert server.document_symbol_provider is True
    assert server.document_formatting_provider is True
    assert list(server.completion_provider.trigger_characters) == ["$", "-", "."]
    assert server.text_document_sync.change == types.TextDocumentSyncKind.Incremental
    assert result.server_info.name == "tshell"
    # initialize comes once.
    with pytest.raises(Exception, match="already initialized"):
        await client.initialize_async(types.InitializeParams(capabilities=types.ClientCapabilities()))


async def test_diagnostics_for_an_error_and_a_warning_and_their_clearing(client, tmp_path):
    uri = open_document(client, tmp_path / "job.tmp", "$x = (1 +\n")
    [error] = await diagnostics_for(client, uri)
    assert error.severity == types.DiagnosticSeverity.Error
    assert error.message == "expected an expression after '+', but the file ended"
    assert error.range.start == position(0, 8)
    assert error.source == "tshell"

    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text="$count = 1\necho $cuont\n")],
        )
    )
    client.diagnostics.pop(uri)
    [warning] = await diagnostics_for(client, uri)
    assert warning.severity == types.DiagnosticSeverity.Warning
    assert warning.message == "$cuont is read here, but nothing before it sets it\nhint: did you mean $count?"
    assert (warning.range.start, warning.range.end) == (position(1, 5), position(1, 11))

    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=3),
            content_changes=[
                types.TextDocumentContentChangePartial(
                    range=types.Range(start=position(1, 5), end=position(1, 11)), text="$count"
                )
            ],
        )
    )
    client.diagnostics.pop(uri)
    assert list(await diagnostics_for(client, uri)) == []


async def test_a_value_dropped_in_a_block_is_a_warning(client, tmp_path):
    uri = open_document(client, tmp_path / "drop.tmp", "if true {\n  1 + 1\n}\n")
    [warning] = await diagnostics_for(client, uri)
    assert warning.severity == types.DiagnosticSeverity.Warning
    assert warning.range.start == position(1, 2)


def labels(result):
    return [item.label for item in result.items]


async def test_completion_at_a_command_after_a_dollar_and_after_a_flag(client, tmp_path):
    uri = open_document(client, tmp_path / "c.tmp", "$keys = 1\nke\necho $ke\nkey new k1 --ty\n")
    commands = await client.text_document_completion_async(
        types.CompletionParams(text_document=types.TextDocumentIdentifier(uri=uri), position=position(1, 2))
    )
    assert "key" in labels(commands)
    assert all(label.startswith("ke") for label in labels(commands))
    variables = await client.text_document_completion_async(
        types.CompletionParams(text_document=types.TextDocumentIdentifier(uri=uri), position=position(2, 8))
    )
    assert labels(variables) == ["$keys"]
    item = variables.items[0]
    assert item.kind == types.CompletionItemKind.Variable
    assert item.text_edit.range == types.Range(start=position(2, 5), end=position(2, 8))
    flags = await client.text_document_completion_async(
        types.CompletionParams(text_document=types.TextDocumentIdentifier(uri=uri), position=position(3, 15))
    )
    assert labels(flags) == ["--type"]


async def test_hover_on_a_command_and_a_builtin(client, tmp_path):
    uri = open_document(
        client, tmp_path / "h.tmp", 'key new k1 --type rsa\n$n = length([1, 2])\necho $n\n$tier = {name: "free"}\necho $tier\n'
    )
    command = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=position(0, 5))
    )
    assert "key new NAME" in command.contents.value
    assert command.range == types.Range(start=position(0, 0), end=position(0, 7))
    builtin = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=position(1, 7))
    )
    assert builtin.contents.value.startswith("```\nlength(")
    variable = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=position(2, 6))
    )
    assert variable.contents.value == "```tshell\n$n\n```"
    literal = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=position(4, 7))
    )
    assert literal.contents.value == '```tshell\n$tier = {"name":"free"}\n```'


async def test_definition_and_references_across_a_sourced_file(client, tmp_path):
    (tmp_path / "lib.tmp").write_text('$greeting = "hi"\nfn greet($name) {\n  echo $greeting $name\n}\n')
    main = 'source "lib.tmp"\ngreet("ann")\n$x = greet("bo")\necho $greeting\n'
    uri = open_document(client, tmp_path / "main.tmp", main)
    lib = (tmp_path / "lib.tmp").as_uri()
    definition = await client.text_document_definition_async(
        types.DefinitionParams(text_document=types.TextDocumentIdentifier(uri=uri), position=position(1, 1))
    )
    assert definition.uri == lib
    assert definition.range == types.Range(start=position(1, 3), end=position(1, 8))
    variable = await client.text_document_definition_async(
        types.DefinitionParams(text_document=types.TextDocumentIdentifier(uri=uri), position=position(3, 7))
    )
    assert (variable.uri, variable.range.start) == (lib, position(0, 0))
    references = await client.text_document_references_async(
        types.ReferenceParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=position(1, 1),
            context=types.ReferenceContext(include_declaration=True),
        )
    )
    found = sorted((reference.uri == lib, reference.range.start.line) for reference in references)
    assert found == [(False, 1), (False, 2), (True, 1)]


async def test_document_symbols(client, tmp_path):
    text = '$base = "https://x"\nfn twice($n) {\n  $inner = 1\n  return $n * 2\n}\ntest "doubles" {\n  assert twice(2) == 4\n}\n$base = "y"\n'
    uri = open_document(client, tmp_path / "s.tmp", text)
    symbols = await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    assert [(symbol.name, symbol.kind) for symbol in symbols] == [
        ("$base", types.SymbolKind.Variable),
        ("twice", types.SymbolKind.Function),
        ("doubles", types.SymbolKind.Method),
    ]
    assert symbols[1].detail == "fn twice($n)"
    assert symbols[1].range == types.Range(start=position(1, 0), end=position(4, 1))


async def test_formatting_gives_tshell_fmt_s_layout(client, tmp_path):
    uri = open_document(client, tmp_path / "f.tmp", "if $x>1{\necho   $x\n}")
    edits = await client.text_document_formatting_async(
        types.DocumentFormattingParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            options=types.FormattingOptions(tab_size=2, insert_spaces=True),
        )
    )
    assert [edit.new_text for edit in edits] == ["if $x > 1 {\n  echo $x\n}\n"]
    assert edits[0].range == types.Range(start=position(0, 0), end=position(2, 1))


async def test_out_of_range_positions_and_unknown_documents_are_errors(client, tmp_path):
    uri = open_document(client, tmp_path / "o.tmp", "echo 1\n")
    with pytest.raises(Exception, match="the position is not in the document"):
        await client.text_document_hover_async(
            types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=position(40, 0))
        )
    with pytest.raises(Exception, match="is not open"):
        await client.text_document_hover_async(
            types.HoverParams(
                text_document=types.TextDocumentIdentifier(uri=(tmp_path / "none.tmp").as_uri()), position=position(0, 0)
            )
        )
    # The server still answers afterwards.
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=position(0, 1))
    )
    assert "echo" in hover.contents.value


def frame(body):
    data = body.encode() if isinstance(body, str) else body
    return b"Content-Length: %d\r\n\r\n" % len(data) + data


def raw_session(*messages):
    """Runs `tshell lsp` on hand-made bytes; its answers and exit status."""
    completed = subprocess.run([TSHELL, "lsp"], input=b"".join(messages), capture_output=True, timeout=60)
    answers = []
    rest = completed.stdout
    while rest:
        header, _, rest = rest.partition(b"\r\n\r\n")
        length = int(header.split(b":")[1])
        answers.append(json.loads(rest[:length]))
        rest = rest[length:]
    return answers, completed.returncode


def request(id, method, params=None):
    return frame(json.dumps({"jsonrpc": "2.0", "id": id, "method": method, "params": params or {}}))


def test_malformed_messages_get_lsp_errors_and_no_crash():
    answers, status = raw_session(
        request(0, "textDocument/hover"),
        request(1, "initialize", {"capabilities": {}}),
        frame("{not json"),
        frame('"a string"'),
        request(2, "no/such/method"),
        frame(json.dumps({"jsonrpc": "2.0", "method": "no/such/notification"})),
        request(3, "textDocument/completion", {"textDocument": 7, "position": "x"}),
        b"Content-Length: nope\r\n\r\n",
        request(4, "shutdown"),
        request(5, "textDocument/hover"),
        frame(json.dumps({"jsonrpc": "2.0", "method": "exit"})),
    )
    by_id = {json.dumps(answer.get("id")): answer for answer in answers}
    assert by_id["0"]["error"]["code"] == -32002
    assert by_id["1"]["result"]["serverInfo"]["name"] == "tshell"
    assert [answer["error"]["code"] for answer in answers if answer.get("id") is None] == [-32700, -32600, -32700]
    assert by_id["2"]["error"] == {"code": -32601, "message": "unknown method no/such/method"}
    assert by_id["3"]["error"]["code"] == -32602
    assert by_id["4"]["result"] is None
    assert by_id["5"]["error"]["code"] == -32600
    assert status == 0


def test_exit_without_shutdown_is_status_1():
    _, status = raw_session(
        request(1, "initialize", {"capabilities": {}}), frame(json.dumps({"jsonrpc": "2.0", "method": "exit"}))
    )
    assert status == 1
