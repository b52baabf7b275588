"""`dxscan scan SPEC...`: one spec's scorecard, or a portfolio when given several or a folder."""

from __future__ import annotations

import os
import sys
from dataclasses import replace
from pathlib import Path

import typer

from dxscan.cli.common import (
    FailOn,
    config_for,
    explain_failure,
    fail,
    reader_may_leave,
    scan_report,
    write_output,
)
from dxscan.report import FORMATS, SCAN, print_text, render
from dxscan.results import Report
from dxscan.scan.gate import gate_failures, origins, shown_path


def scan(
    specs: list[str] = typer.Argument(..., metavar="SPEC", help="OpenAPI/Swagger documents (YAML or JSON), folders of them, or - for standard input."),
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
    preview: bool = typer.Option(False, "--preview", help="Score preview rules (not yet shown 90% precise) at their own severity and weight."),
) -> None:
    """Score OpenAPI documents and list their findings."""
    if output_format is None:  # under GitHub Actions, one spec's findings become annotations on their lines
        single = len(specs) == 1 and not Path(specs[0]).is_dir()
        output_format = "github" if single and os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    if output_format not in FORMATS:
        fail(f"unknown format '{output_format}'; expected one of {', '.join(FORMATS)}")
    if len(specs) > 1 or Path(specs[0]).is_dir():
        from dxscan.cli.portfolio import scan_portfolio

        if baseline is not None:
            fail("--baseline applies to one spec, not to several or a folder")
        if preview:
            fail("--preview applies to one spec; for several or a folder, set 'preview: true' in the configuration")
        raise typer.Exit(scan_portfolio(specs, output_format, output, config_file, allow_external_refs, jobs,
                                        fail_on.value if fail_on else None, fail_under))
    spec = specs[0]
    config = config_for(spec, config_file)
    if preview:
        config = replace(config, preview=True)
    report = scan_report(spec, config, allow_external_refs, use_cache=not no_cache)
    if baseline is not None:
        report = _apply_baseline(report, baseline)
    _emit(report, output_format, output, limit, explain, config.source and shown_path(config.source))
    fail_on_origin, fail_under_origin = origins(config, fail_on is not None, fail_under is not None)
    reasons = gate_failures(report, fail_on.value if fail_on else config.fail_on,
                            fail_under if fail_under is not None else config.fail_under, fail_on_origin, fail_under_origin)
    if reasons:
        against = f" (findings not in baseline {baseline})" if baseline is not None else ""
        explain_failure(f"{spec}{against}: " + "; ".join(reasons))
    raise typer.Exit(1 if reasons else 0)


def _apply_baseline(report: Report, baseline: Path) -> Report:
    from dxscan.diff.baseline import BaselineError, apply_baseline

    try:
        return apply_baseline(report, baseline, warn=lambda message: sys.stderr.write(f"dxscan: warning: {message}\n"))
    except BaselineError as error:
        fail(str(error))


def _emit(report: Report, output_format: str, output: Path | None, limit: int, explain: bool, config: str | None) -> None:
    if output_format == "text" and output is None:
        from dxscan.cli.console import StdoutConsole

        with reader_may_leave():
            print_text(SCAN, report, StdoutConsole(highlight=False), limit=limit, explain=explain, config=config)
        return
    options = {"limit": limit, "explain": explain, "config": config} if output_format == "text" else {}
    write_output(render(SCAN, output_format, report, **options), output)
