"""Shared set-up of the editor-support tests: where the package is and which tshell to run."""
import os
import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[2]
TSHELL = os.environ.get("TSHELL_BINARY", str(ROOT / ".build" / "debug" / "tshell"))
