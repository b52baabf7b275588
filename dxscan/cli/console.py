"""The console for standard output. Apart from common.py so that rich (16 ms of imports, a sixth
of the command line's start-up) is loaded only by a command that prints a terminal view, not by
one that writes JSON to a file."""

from __future__ import annotations

from rich.console import Console

from dxscan.cli.common import reader_left


class StdoutConsole(Console):
    """The terminal's console, which, when the reader of standard output leaves, drops the rest
    quietly instead of exiting 1 (rich's default, the code for "gate failed")."""

    def on_broken_pipe(self) -> None:
        self.quiet = True
        reader_left()
