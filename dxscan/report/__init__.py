"""Renderers: one per format and result kind (a scan's Report, a Diff, a Portfolio), behind one
registry, and the one way output files are written.

`render(kind, format, result)` returns the text. The terminal's text views print to a rich Console
instead (colour, wrapping); `print_text` does that for each kind.
"""

from __future__ import annotations

import errno
import importlib
import os
import stat
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # rich costs 16 ms to import; a command that writes JSON to a file never needs it
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
    """Write PATH as the shell's `>` would, but whole or not at all.

    A FIFO, a character device or `/dev/stdout` (nothing to replace) is written directly; a
    symbolic link's target is written, the link kept; a regular file is replaced by renaming a
    complete temporary file over it, keeping its mode, and only when the user may write it
    (PermissionError otherwise, as the shell refuses). A file in a folder where the user may not
    create one, but may write the file, is written in place."""
    status = _stat(path)
    if status is not None and stat.S_ISDIR(status.st_mode):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), path)
    if status is not None and not stat.S_ISREG(status.st_mode):
        _write_directly(path, text)
        return
    target = Path(os.path.realpath(path))
    if status is not None and not os.access(target, os.W_OK):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), path)
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    except PermissionError:
        if status is None:
            raise
        _write_directly(path, text)
        return
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.chmod(temporary, stat.S_IMODE(status.st_mode) if status else 0o666 & ~_umask())  # mkstemp's is private
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _stat(path: str) -> os.stat_result | None:
    try:
        return os.stat(path)
    except FileNotFoundError:
        return None


def _write_directly(path: str, text: str) -> None:
    with open(path, "w", encoding="utf-8") as stream:
        stream.write(text)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def count(number: int, noun: str) -> str:
    """'1 finding', '2 findings': a number and its noun, agreed."""
    return f"{number} {noun}" + ("" if number == 1 else "s")


def recorded(print_view: Any, width: int | None = None) -> str:
    """What a printing view writes, as plain text (for a file or a pipe), WIDTH columns wide
    (rich's default when None)."""
    from rich.console import Console

    console = Console(record=True, file=_Discard(), highlight=False, width=width)
    print_view(console)
    return console.export_text()


class _Discard:
    """A stream that swallows what a recording console prints while it records."""

    def write(self, text: str) -> int:
        return len(text)

    def flush(self) -> None:
        pass
