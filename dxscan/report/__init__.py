"""Renderers: one per format and result kind (a scan's Report, a Diff, a Portfolio), behind one
registry, and the one way output files are written.

`render(kind, format, result)` returns the text. The terminal's text views print to a rich Console
instead (colour, wrapping); `print_text` does that for each kind.
"""

from __future__ import annotations

import importlib
import os
import tempfile
from pathlib import Path
from typing import Any

from rich.console import Console

SCAN, DIFF, PORTFOLIO, HISTORY = "scan", "diff", "portfolio", "history"

# (kind, format) -> "module:function" in this package. The text views are here for files and
# pipes; to a terminal they print through print_text.
RENDERERS: dict[tuple[str, str], str] = {
    (SCAN, "text"): "text:render_text",
    (SCAN, "json"): "json:render",
    (SCAN, "markdown"): "markdown:render",
    (SCAN, "html"): "html:render",
    (SCAN, "badge"): "badge:render",
    (SCAN, "sarif"): "sarif:render",
    (SCAN, "junit"): "junit:render",
    (SCAN, "github"): "github:render",
    (DIFF, "text"): "diff_text:render_text",
    (DIFF, "json"): "diff_json:render",
    (DIFF, "markdown"): "diff_markdown:render",
    (DIFF, "sarif"): "diff_sarif:render",
    (DIFF, "junit"): "diff_junit:render",
    (DIFF, "github"): "diff_github:render",
    (PORTFOLIO, "text"): "portfolio:render_text",
    (PORTFOLIO, "json"): "portfolio:render_json",
    (PORTFOLIO, "markdown"): "markdown:render_portfolio",
    (PORTFOLIO, "html"): "html:render_portfolio",
    (PORTFOLIO, "badge"): "badge:render_portfolio",
    (HISTORY, "text"): "history_text:render", (HISTORY, "json"): "history_json:render", (HISTORY, "csv"): "history_csv:render",
    (HISTORY, "markdown"): "history_markdown:render", (HISTORY, "html"): "history_html:render",
}


def formats(kind: str) -> tuple[str, ...]:
    """The formats a result kind can be written in, in the registry's order."""
    return tuple(fmt for each_kind, fmt in RENDERERS if each_kind == kind)


FORMATS = formats(SCAN)  # `dxscan scan --format`
DIFF_FORMATS = formats(DIFF)
PORTFOLIO_FORMATS = formats(PORTFOLIO)

# The terminal's coloured views: (kind) -> "module:function(result, console, **options)".
PRINTERS = {SCAN: "text:render", DIFF: "diff_text:render", PORTFOLIO: "portfolio:print_text"}


def render(kind: str, output_format: str, result: Any, **options: Any) -> str:
    """RESULT (of KIND) as text in OUTPUT_FORMAT; options reach the text views (limit, explain)."""
    function = _lookup(RENDERERS[(kind, output_format)])
    return function(result, **options) if output_format == "text" else function(result)


def print_text(kind: str, result: Any, console: Console, **options: Any) -> None:
    """RESULT's text view printed to a terminal console, in colour."""
    _lookup(PRINTERS[kind])(result, console, **options)


def _lookup(target: str) -> Any:
    module, function = target.split(":")
    return getattr(importlib.import_module(f"{__name__}.{module}"), function)


def write_atomic(path: str, text: str) -> None:
    """Write the whole file or nothing: a temporary file beside it, then a rename."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes it private; a report is not
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def recorded(print_view: Any) -> str:
    """What a printing view writes, as plain text (for a file or a pipe)."""
    console = Console(record=True, file=_Discard(), highlight=False)
    print_view(console)
    return console.export_text()


class _Discard:
    """A stream that swallows what a recording console prints while it records."""

    def write(self, text: str) -> int:
        return len(text)

    def flush(self) -> None:
        pass
