"""`dxscan diff BASE HEAD` and `dxscan baseline SPEC -o FILE`: the CI gate's commands.

Exit codes as for `scan`: 0 the gate passed, 1 it failed, 2 unusable input or usage."""

from __future__ import annotations

import os
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer

from dxscan.catalogue import catalogue
from dxscan.cli.common import config_for, explain_failure, fail, reader_may_leave, scan_report, write_output
from dxscan.load.loader import STDIN, LoadError
from dxscan.report import DIFF, DIFF_FORMATS, print_text, render

IGNORE_KEYS = ("id", "reason", "pointer", "operation")


class DiffFailOn(str, Enum):
    breaking = "breaking"
    warning = "warning"
    regression = "regression"
    none = "none"


def diff(
    base: Annotated[str, typer.Argument(help="The version before: a file, - for standard input, or REV:path (origin/main:openapi.yaml).")],
    head: Annotated[str, typer.Argument(help="The version after, in the same forms.")],
    output_format: Annotated[str | None, typer.Option(
        "--format", "-f",
        help=f"Output format: {', '.join(DIFF_FORMATS)} (default: github when GITHUB_ACTIONS is set, else text).")] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the report to this file (whole or not at all).")] = None,
    summary: Annotated[Path | None, typer.Option(
        "--summary", help="Also append the Markdown report to this file (e.g. $GITHUB_STEP_SUMMARY).")] = None,
    config_file: Annotated[Path | None, typer.Option(
        "--config", help="Configuration file for both scans (default: found upward from HEAD).")] = None,
    fail_on: Annotated[DiffFailOn, typer.Option(
        "--fail-on",
        help="breaking: errors only (breaking changes, new error findings, score drops); warning: also warning-level "
             "breaking changes and new warning findings; regression: also every regression; none: never fail.")] = DiffFailOn.breaking,
    max_score_drop: Annotated[float, typer.Option(
        "--max-score-drop", min=0, help="Points the overall or any dimension score may drop.")] = 2.0,
    allow: Annotated[list[str] | None, typer.Option(
        "--allow", help="Accept every change with this id (or new findings of this rule); repeatable.")] = None,
    ignore_file: Annotated[Path | None, typer.Option(
        "--ignore", help="YAML list of accepted changes: {id, reason, pointer?, operation?}.")] = None,
    allow_external_refs: Annotated[bool, typer.Option("--allow-external-refs", help="Follow $refs that leave the spec's folder.")] = False,
    limit: Annotated[int, typer.Option("--limit", help="Improvements and other changes shown in the terminal; 0 shows all.")] = 20,
) -> None:
    """Compare two versions of an API: breaking changes, DX regressions and score deltas; fail by the gate."""
    from dxscan.diff import Gate
    from dxscan.diff import diff as run_diff

    chosen = output_format or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")
    if chosen not in DIFF_FORMATS:
        fail(f"unknown format '{chosen}'; expected one of {', '.join(DIFF_FORMATS)}")
    if base == STDIN and head == STDIN:
        fail("only one of BASE and HEAD can be standard input")
    config = config_for(_config_anchor(head), config_file)
    gate = Gate(fail_on.value, max_score_drop, _allowances(allow or [], ignore_file))
    try:
        result = run_diff(base, head, config, gate, allow_external_refs)
    except LoadError as error:
        fail(error.one_line())
    except RecursionError:
        fail("a document is nested too deeply to read")
    _emit(result, chosen, output, limit)
    if summary is not None:
        _append(summary, render(DIFF, "markdown", result))
    verdict = result.verdict
    if not verdict.passed:
        explain_failure(f"{base} -> {head}: {', '.join(verdict.reasons)} "
                        f"(--fail-on {verdict.fail_on}, --max-score-drop {verdict.max_score_drop:g})")
    raise typer.Exit(0 if verdict.passed else 1)


def _config_anchor(head: str) -> str:
    """Where to look for the configuration: HEAD's file in the working tree."""
    from dxscan.load.git import parse_git_path

    revision = parse_git_path(head)
    return revision.path if revision is not None else head


def _allowances(ids: list[str], ignore_file: Path | None) -> tuple:
    from dxscan.diff import Allowance

    allowances = [Allowance(_known(change_id, "--allow"), "accepted with --allow") for change_id in ids]
    if ignore_file is not None:
        allowances += [_allowance(entry, index, ignore_file) for index, entry in enumerate(_ignore_entries(ignore_file))]
    return tuple(allowances)


def _ignore_entries(path: Path) -> list[Any]:
    import yaml  # here: every command imports this module, and only --ignore-file reads YAML

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        fail(f"ignore file {path}: no such file")
    except (OSError, UnicodeDecodeError) as error:
        fail(f"ignore file {path}: cannot read: {error}")
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        fail(f"ignore file {path}: not YAML" + (f" (line {mark.line + 1})" if mark else ""))
    if data is None:
        return []
    if not isinstance(data, list):
        fail(f"ignore file {path}: expected a list of {{id, reason, pointer, operation}}")
    return data


def _allowance(entry: Any, index: int, path: Path) -> Any:
    from dxscan.diff import Allowance

    where = f"ignore file {path}: entry {index + 1}"
    if not isinstance(entry, dict):
        fail(f"{where}: expected a mapping with 'id' and 'reason'")
    unknown = sorted(set(entry) - set(IGNORE_KEYS))
    if unknown:
        fail(f"{where}: unknown key '{unknown[0]}'; expected {', '.join(IGNORE_KEYS)}")
    if not str(entry.get("reason") or "").strip():
        fail(f"{where}: needs a 'reason' (why the change is accepted)")
    change_id = _known(str(entry.get("id") or ""), where)
    return Allowance(change_id, str(entry["reason"]).strip(), str(entry.get("pointer", "*")), str(entry.get("operation", "*")))


def _known(change_id: str, where: str) -> str:
    from dxscan.diff import CHANGE_KINDS

    if change_id in CHANGE_KINDS or change_id in catalogue() or change_id == "*":
        return change_id
    fail(f"{where}: unknown change id '{change_id}' (a change id such as response-property-removed, or a rule id)")
    raise AssertionError("unreachable")


def _emit(result: Any, output_format: str, output: Path | None, limit: int) -> None:
    if output_format == "text" and output is None:
        from dxscan.cli.console import StdoutConsole

        with reader_may_leave():
            print_text(DIFF, result, StdoutConsole(highlight=False), limit=limit)
        return
    options = {"limit": limit} if output_format == "text" else {}
    write_output(render(DIFF, output_format, result, **options), output)


def _append(path: Path, text: str) -> None:
    try:
        with path.open("a", encoding="utf-8") as stream:
            stream.write(text)
    except OSError as error:
        fail(f"{path}: cannot write: {error.strerror or error}")


def baseline(
    spec: Annotated[str, typer.Argument(help="The OpenAPI document whose current findings and scores are accepted.")],
    output: Annotated[Path | None, typer.Option("--output", "-o", help="The baseline file to write [default: standard output].")] = None,
    config_file: Annotated[Path | None, typer.Option("--config", help="Configuration file (default: found upward from the spec).")] = None,
    tolerance: Annotated[float, typer.Option("--tolerance", min=0, help="Points a dimension score may fall below the baseline's.")] = 2.0,
    allow_external_refs: Annotated[bool, typer.Option("--allow-external-refs", help="Follow $refs that leave the spec's folder.")] = False,
) -> None:
    """Accept the spec's current findings and scores: `scan --baseline FILE` then fails only on what is new."""
    from rich.console import Console

    from dxscan.diff.baseline import render_baseline

    report = scan_report(spec, config_for(spec, config_file), allow_external_refs)
    text = render_baseline(report, tolerance)
    write_output(text, output)
    noun = "finding" if len(report.findings) == 1 else "findings"
    Console(stderr=True, highlight=False).print(
        f"dxscan: accepted {len(report.findings)} {noun} and the scores of {spec} in {output or 'the baseline on standard output'}",
        markup=False)
