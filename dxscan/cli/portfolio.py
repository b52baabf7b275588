"""`dxscan scan A B` or `dxscan scan folder/`: a portfolio of APIs, scanned, reported, gated."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from dxscan.cli.common import collector_off_for_good, explain_failure, fail, reader_may_leave, write_output
from dxscan.config import ConfigError, load_config
from dxscan.portfolio.scan import ApiResult, Portfolio, Task, build_portfolio, expand, scan_all
from dxscan.report import PORTFOLIO, PORTFOLIO_FORMATS, print_text, render


def scan_portfolio(specs: list[str], output_format: str, output: Path | None, config_file: Path | None,
                   allow_external_refs: bool, jobs: int | None,
                   fail_on: str | None = None, fail_under: float | None = None) -> int:
    """Scan, report, and return the exit code: 2 when no spec could be read, or one named on the
    command line (not found in a folder) could not be, 1 when any API fails the gate (as `dxscan
    scan` would), else 0."""
    if output_format not in PORTFOLIO_FORMATS:
        fail(f"format '{output_format}' has no portfolio view; use one of {', '.join(PORTFOLIO_FORMATS)}")
    if "-" in specs:
        fail("standard input (-) can only be scanned on its own, not in a portfolio")
    _check_config(config_file)
    expansion = expand(specs)
    if not expansion.files:
        fail(f"{', '.join(expansion.empty)}: no OpenAPI or Swagger documents (*.yaml, *.yml, *.json) found")
    collector_off_for_good()  # the workers turn it back on (scan_all)
    tasks = [Task(f, str(config_file) if config_file else None, allow_external_refs, fail_on, fail_under) for f in expansion.files]
    portfolio = build_portfolio(_scan_with_progress(tasks, jobs or os.cpu_count() or 1), expansion.skipped)
    _report_failures(portfolio)
    if not portfolio.scanned:
        return 2
    _emit(portfolio, output_format, output)
    for result in portfolio.scanned:
        if result.gate_failed:
            explain_failure(f"{result.source}: " + "; ".join(result.gate_reasons))
    named = {spec for spec in specs if not Path(spec).is_dir()}
    if any(result.source in named for result in portfolio.failed):
        return 2  # a file named on the command line could not be read: unusable input, as for one spec
    return 1 if any(r.gate_failed for r in portfolio.scanned) else 0


def _check_config(config_file: Path | None) -> None:
    """A named configuration that is broken stops everything (exit 2), before any scan."""
    if config_file is None:
        return
    try:
        load_config(config_file)
    except ConfigError as error:
        fail(str(error))


def _scan_with_progress(tasks: list[Task], jobs: int) -> list[ApiResult]:
    if not sys.stderr.isatty():
        return scan_all(tasks, jobs)
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (TextColumn("scanning"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), TextColumn("{task.description}"))
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task_id = bar.add_task("", total=len(tasks))
        return scan_all(tasks, jobs, lambda result: bar.update(task_id, advance=1, description=Path(result.source).name))


def _report_failures(portfolio: Portfolio) -> None:
    """One line per spec that could not be read, on standard error (they are in the report too)."""
    for result in portfolio.failed:
        sys.stderr.write(f"dxscan: {result.error}\n")


def _emit(portfolio: Portfolio, output_format: str, output: Path | None) -> None:
    if output_format == "text" and output is None:
        from dxscan.cli.console import StdoutConsole
        from dxscan.report.portfolio import WIDTH

        console = StdoutConsole(highlight=False)
        with reader_may_leave():
            print_text(PORTFOLIO, portfolio, console if console.is_terminal else StdoutConsole(highlight=False, width=WIDTH))
        return
    write_output(render(PORTFOLIO, output_format, portfolio), output)
