"""The command line: parse arguments, call the API, render, exit. Exit codes: 0 passed, 1 the gate
failed, 2 unusable input or usage (one line on standard error, never a traceback)."""

from __future__ import annotations

import gc
import os
import sys
from enum import Enum
from pathlib import Path
from typing import NoReturn

import typer
from rich.console import Console

from . import __version__
from .catalogue import SEVERITY_RANK, catalogue
from .config import Config, ConfigError, find_config, load_config
from .load import LoadError
from .parallel import pausable_thread
from .report import FORMATS

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="How good is this API to build against? Scores an OpenAPI document's developer experience.")


class FailOn(str, Enum):
    error = "error"
    warning = "warning"
    info = "info"
    none = "none"


def fail(message: str) -> None:
    """Print one line on standard error and exit with code 2."""
    Console(stderr=True, highlight=False, soft_wrap=True).print(f"dxscan: {message}", markup=False)
    raise typer.Exit(2)


def _version(value: bool) -> None:
    if value:
        print(f"dxscan {__version__}")
        raise typer.Exit(0)


@app.callback()
def main(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version.")) -> None:
    """dxscan: a developer-experience scorecard for OpenAPI documents."""


@app.command()
def scan(
    specs: list[str] = typer.Argument(..., help="OpenAPI/Swagger documents (YAML or JSON), folders of them, or - for standard input."),
    output_format: str | None = typer.Option(None, "--format", "-f", help=f"Output format: {', '.join(FORMATS)} (default: text; github under GitHub Actions)."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write the report to this file (whole or not at all)."),
    config_file: Path | None = typer.Option(None, "--config", help="Configuration file (default: .dxscan.yaml or pyproject.toml found upward)."),
    fail_on: FailOn | None = typer.Option(None, "--fail-on", help="Exit 1 when a finding has this severity or worse [default: error]."),
    fail_under: float | None = typer.Option(None, "--fail-under", min=0, max=100, help="Exit 1 when the overall score is below this."),
    allow_external_refs: bool = typer.Option(False, "--allow-external-refs", help="Follow $refs that leave the spec's folder."),
    limit: int = typer.Option(10, "--limit", help="Findings shown per rule in the terminal report; 0 shows all."),
    explain: bool = typer.Option(False, "--explain", help="Show the arithmetic behind each score."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Do not read or write the report cache ($XDG_CACHE_HOME/dxscan)."),
    baseline: Path | None = typer.Option(None, "--baseline", help="Accepted findings and scores (from `dxscan baseline`): fail only on what is new."),
    jobs: int | None = typer.Option(None, "--jobs", "-j", min=1, help="Parallel processes for several specs [default: the number of cores]."),
) -> None:
    """Score OpenAPI documents and list their findings."""
    if output_format is None:  # under GitHub Actions, one spec's findings become annotations on their lines
        single = len(specs) == 1 and not Path(specs[0]).is_dir()
        output_format = "github" if single and os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    if output_format not in FORMATS:
        fail(f"unknown format '{output_format}'; expected one of {', '.join(FORMATS)}")
    if len(specs) > 1 or Path(specs[0]).is_dir():
        from .portfolio import scan_portfolio_command

        if baseline is not None:
            fail("--baseline applies to one spec, not to several or a folder")
        raise typer.Exit(scan_portfolio_command(specs, output_format, output, config_file, allow_external_refs, jobs,
                                                fail_on.value if fail_on else None, fail_under))
    spec = specs[0]
    config = _config(spec, config_file)
    report = _scan(spec, config, allow_external_refs, use_cache=not no_cache)
    if baseline is not None:
        report = _apply_baseline(report, baseline)
    _emit(report, output_format, output, limit, explain)
    raise typer.Exit(_exit_code(report, (fail_on.value if fail_on else config.fail_on), fail_under if fail_under is not None else config.fail_under))


def _apply_baseline(report, baseline: Path):
    from .baseline import BaselineError, apply_baseline

    try:
        return apply_baseline(report, baseline)
    except BaselineError as error:
        fail(str(error))


def _config(spec: str, config_file: Path | None) -> Config:
    try:
        return load_config(config_file if config_file is not None else find_config(spec))
    except ConfigError as error:
        fail(str(error))
    raise AssertionError("unreachable")


def _scan(spec: str, config: Config, allow_external_refs: bool, use_cache: bool = False):
    from . import cache

    settings = repr((config, allow_external_refs))
    cached = cache.lookup(spec, settings) if use_cache else None
    if cached is not None:
        return cached
    report = _scan_now(spec, config, allow_external_refs)
    if use_cache:
        cache.store(spec, settings, report)
    return report


def _scan_now(spec: str, config: Config, allow_external_refs: bool):
    """One scan (api.scan pauses the garbage collector while it runs).

    The console script leaves the collector paused afterwards: the process ends after rendering,
    and the first collection after resuming examines every object the scan allocated (0.2 s on
    DigitalOcean's spec). In-process callers (tests) get it back."""
    from .api import scan as run_scan

    if _CONSOLE_SCRIPT:
        gc.disable()
    try:
        if sys.stderr.isatty():
            with Console(stderr=True).status(f"scanning {spec}…") as status, pausable_thread(status.stop, status.start):
                return run_scan(spec, config, allow_external_refs)
        return run_scan(spec, config, allow_external_refs)
    except LoadError as error:
        fail(error.one_line())
    except RecursionError:
        fail(f"{spec}: the document is nested too deeply to read")
    raise AssertionError("unreachable")


def _emit(report, output_format: str, output: Path | None, limit: int, explain: bool) -> None:
    from .report import render

    if output_format != "text":
        text = render(output_format, report)
    else:
        from .report.text import render as render_text

        console = Console(record=output is not None, file=None if output is None else _Null(), highlight=False)
        render_text(report, console, limit, explain)
        if output is None:
            return
        text = console.export_text()
    write_output(text, output)


def write_output(text: str, output: Path | None) -> None:
    """Standard output, or the file written whole or not at all; exit 2 when it cannot be."""
    from .report import write_atomic

    if output is None:
        sys.stdout.write(text)
        return
    try:
        write_atomic(str(output), text)
    except OSError as error:
        fail(f"{output}: cannot write: {error.strerror or error}")


class _Null:
    def write(self, text: str) -> int:
        return len(text)

    def flush(self) -> None:
        pass


def _exit_code(report, fail_on: str, fail_under: float | None) -> int:
    if fail_on != "none":
        threshold = SEVERITY_RANK[fail_on]
        if any(SEVERITY_RANK[f.severity] <= threshold for f in report.findings):
            return 1
    score = report.scorecard.score
    if fail_under is not None and score is not None and score < fail_under:
        return 1
    return 0


@app.command()
def rules(rule_id: str | None = typer.Argument(None, help="Explain this rule.")) -> None:
    """List the rule catalogue, or explain one rule."""
    from .report.rules import render_catalogue, render_rule

    console = Console(highlight=False)
    if rule_id is None:
        render_catalogue(catalogue(), console)
        return
    rule = catalogue().get(rule_id)
    if rule is None:
        fail(f"unknown rule '{rule_id}' (dxscan rules lists them)")
    render_rule(rule, console)


INTERRUPTED = 130  # typer's exit code for Ctrl-C (128 + SIGINT), which it reports silently
_CONSOLE_SCRIPT = False  # run() is the entry point: this process ends with the command


def run() -> None:
    """Console-script entry point: usage errors exit 2 (click's convention), never a traceback."""
    global _CONSOLE_SCRIPT
    _CONSOLE_SCRIPT = True
    try:
        app()
    except SystemExit as done:
        _leave(done.code)


def _leave(code: object) -> NoReturn:
    """Exit as soon as the output is out, without tearing the interpreter down: freeing a large
    spec's millions of objects one by one took 0.15 s after the report was written. Every file is
    closed by then (write_output) and the cache entry stored."""
    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
        if status == INTERRUPTED:
            sys.stderr.write("dxscan: interrupted\n")
    else:  # sys.exit("message"): Python prints it and exits 1
        sys.stderr.write(f"{code}\n")
        status = 1
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (BrokenPipeError, OSError):  # `dxscan scan ... | head`: the reader left; nothing to tell it
        pass
    os._exit(status)


from .cli_diff import register as _register_diff  # last: `diff` and `baseline` use the helpers above

_register_diff(app)
from . import cli_graph  # noqa: F401 - registers `dxscan graph` (cli_graph.py)
