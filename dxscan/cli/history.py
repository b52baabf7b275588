"""`dxscan history SPEC [REVISIONS]`: the spec's DX over its git history, as a trend."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from dxscan.cli.common import config_for, fail, write_output
from dxscan.parallel import usable_cores
from dxscan.report import HISTORY, formats, render

FORMATS = formats(HISTORY)


def history(
    spec: Annotated[str, typer.Argument(help="The OpenAPI document, as a path in a git repository (today's name with --follow).")],
    revisions: Annotated[str, typer.Argument(help="A revision or range: main, v1.0..main.")] = "HEAD",
    output_format: Annotated[str, typer.Option("--format", "-f", help=f"Output format: {', '.join(FORMATS)}.")] = "text",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the report to this file (whole or not at all).")] = None,
    tags: Annotated[bool, typer.Option("--tags", help="Only the tagged commits.")] = False,
    since: Annotated[str | None, typer.Option("--since", help="Only commits after this date (any date git reads: 2021-01-01, '6 months ago').")] = None,
    until: Annotated[str | None, typer.Option("--until", help="Only commits before this date.")] = None,
    every: Annotated[int, typer.Option("--every", min=1, help="Every Nth version, counted back from the newest.")] = 1,
    newest: Annotated[int | None, typer.Option("--max", min=1, help="At most the newest N versions.")] = None,
    follow: Annotated[bool, typer.Option("--follow", help="Follow the spec through renames (it moved).")] = False,
    first_parent: Annotated[bool, typer.Option("--first-parent/--all-parents", help="Only the mainline's commits (the default), or every commit.")] = True,
    config_file: Annotated[Path | None, typer.Option(
        "--config", help="One configuration for every version (default: the spec's configuration at each commit).")] = None,
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", min=1, help="Parallel processes [default: the number of cores].")] = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Do not read or write the history cache ($XDG_CACHE_HOME/dxscan/history).")] = False,
    allow_external_refs: Annotated[bool, typer.Option("--allow-external-refs", help="Follow $refs that leave the spec's folder.")] = False,
) -> None:
    """The DX of an API over its git history: each version's scores, what moved, and why."""
    from dxscan.history import GitError, Selection, WorkerDied
    from dxscan.history import history as run_history

    if output_format not in FORMATS:
        fail(f"unknown format '{output_format}'; expected one of {', '.join(FORMATS)}")
    config = config_for(spec, config_file) if config_file is not None else None
    selection = Selection(revisions, since, until, every, newest, tags, follow, first_parent, allow_external_refs)
    try:
        with _progress() as progress:
            result = run_history(spec, selection, config, jobs or usable_cores(), not no_cache, progress)
    except (GitError, WorkerDied) as error:
        fail(str(error))
    from rich.console import Console

    for note in result.notes:
        Console(stderr=True, highlight=False, soft_wrap=True).print(f"dxscan: {note}", markup=False)
    write_output(render(HISTORY, output_format, result), output)


class _progress:
    """A progress bar on standard error when it is a terminal; nothing otherwise."""

    def __enter__(self):
        if not sys.stderr.isatty():
            self._bar = None
            return None
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self._bar = Progress(TextColumn("scoring versions"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                             console=Console(stderr=True), auto_refresh=False, transient=True)
        self._bar.start()
        self._task = self._bar.add_task("versions", total=None)
        return self._update

    def _update(self, done: int, total: int) -> None:
        self._bar.update(self._task, completed=done, total=total, refresh=True)

    def __exit__(self, *_: object) -> None:
        if self._bar is not None:
            self._bar.stop()
