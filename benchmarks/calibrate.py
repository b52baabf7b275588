#!/usr/bin/env python3
"""Score every API in the corpus and write the calibration table: how the scores spread per
dimension, what drives each, how the carefully documented APIs compare with bare generated ones.

    python benchmarks/calibrate.py ../shared/corpus [-o docs/calibration.md] [--workers 2]

The APIs are the corpus's top-level specs, `directory/` and DigitalOcean's multi-file spec;
`oas-examples/` holds one-feature demonstrations, not APIs, and is left out. Scans run in
`--workers` processes through `dxscan.api.scan` with the default configuration (no cache).
"""

from __future__ import annotations

import argparse
import resource
import signal
import statistics
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from multiprocessing import Pool
from pathlib import Path

DIMENSIONS = ("versioning", "auth", "rate_limits", "naming", "documentation", "abstraction")
PLATFORM = DIMENSIONS[:5]
CAREFUL = {"stripe.com.json": "Stripe", "github.com_api.github.com.json": "GitHub",
           "twilio.com_twilio_messaging_v1.json": "Twilio"}
BUCKETS = tuple(range(0, 100, 10))
MEMORY_LIMIT = 6 * 1024**3  # bytes of address space per worker: a runaway scan fails instead of swapping


@dataclass(frozen=True)
class Scored:
    """One API's outcome: scores, the points each rule cost, and the facts that define 'bare'."""

    name: str
    operations: int = 0
    overall: int | None = None
    scores: dict[str, int | None] = field(default_factory=dict)
    summaries: dict[str, str] = field(default_factory=dict)
    losses: dict[str, dict[str, float]] = field(default_factory=dict)  # dimension -> rule -> points
    described_share: float = 0.0  # operations with a description
    field_share: float = 0.0  # parameters and properties with a useful description
    info_description: bool = False
    seconds: float = 0.0
    error: str = ""


def corpus_apis(corpus: Path) -> list[Path]:
    apis = sorted(corpus.glob("*.json")) + sorted((corpus / "directory").glob("*.json"))
    multifile = corpus / "digitalocean-multifile" / "specification" / "DigitalOcean-public.v2.yaml"
    return apis + ([multifile] if multifile.exists() else [])


def label(path: Path) -> str:
    return "digitalocean-multifile" if "digitalocean-multifile" in path.parts else path.name


class TimedOut(BaseException):
    """Not an Exception: the engine turns a crashing check's exceptions into findings and goes on."""


def _time_out(signum: int, frame: object) -> None:
    raise TimedOut


def score_one(task: tuple[Path, int]) -> Scored:
    """Scan one API in a worker; a scan that outlives `timeout` seconds is reported, not waited for."""
    from dxscan.load.loader import LoadError
    from dxscan.scan.pipeline import scan

    path, timeout = task
    started = time.perf_counter()
    signal.signal(signal.SIGALRM, _time_out)
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    signal.alarm(timeout)
    try:
        report = scan(str(path))
    except LoadError as error:
        return Scored(label(path), error=str(error)[:120])
    except TimedOut:
        return Scored(label(path), error=f"not scored: the scan took more than {timeout} s")
    except MemoryError:
        return Scored(label(path), error=f"not scored: the scan needed more than {MEMORY_LIMIT // 1024**3} GB")
    finally:
        signal.alarm(0)
    card = report.scorecard
    dimensions = {d.name: d for d in card.dimensions}
    coverage = dimensions["documentation"].measures.get("coverage", {})
    fields = [coverage.get(k, {}) for k in ("parameters_with_description", "properties_with_description")]
    described_fields, all_fields = sum(f.get("covered") or 0 for f in fields), sum(f.get("of") or 0 for f in fields)
    return Scored(
        name=label(path), operations=report.spec.operations, overall=card.score,
        scores={name: dimensions[name].score for name in DIMENSIONS},
        summaries={name: dimensions[name].summary for name in PLATFORM},
        losses={name: {r.rule: round(r.points_lost, 2) for r in dimensions[name].rules if r.points_lost > 0} for name in DIMENSIONS},
        described_share=coverage.get("operations_with_description", {}).get("ratio") or 0.0,
        field_share=described_fields / all_fields if all_fields else 0.0,
        info_description=bool(dimensions["documentation"].measures.get("info", {}).get("description")),
        seconds=time.perf_counter() - started,
    )


def is_bare(api: Scored) -> bool:
    """Bare and generated: no API description, at most one operation in ten and one parameter or
    property in four described."""
    return not api.info_description and api.described_share <= 0.1 and api.field_share <= 0.25


# --- the report -----------------------------------------------------------------------------

def percentile(values: list[int], share: float) -> int:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def spread_table(apis: list[Scored]) -> list[str]:
    lines = ["| dimension | scored | n/a | min | p10 | p25 | median | p75 | p90 | max | mean | stdev |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for name in (*DIMENSIONS, "overall"):
        values = [a.overall if name == "overall" else a.scores[name] for a in apis]
        scored = [v for v in values if v is not None]
        cells = [percentile(scored, q) for q in (0, 0.1, 0.25, 0.5, 0.75, 0.9)] + [max(scored)]
        lines.append(f"| {name} | {len(scored)} | {len(values) - len(scored)} | " + " | ".join(map(str, cells))
                     + f" | {statistics.mean(scored):.1f} | {statistics.pstdev(scored):.1f} |")
    return lines


def histogram_table(apis: list[Scored]) -> list[str]:
    header = "| dimension | " + " | ".join(f"{b}–{b + 9 if b < 90 else 100}" for b in BUCKETS) + " |"
    lines = [header, "| --- |" + " ---: |" * len(BUCKETS)]
    for name in (*DIMENSIONS, "overall"):
        values = [a.overall if name == "overall" else a.scores[name] for a in apis]
        counts = [sum(1 for v in values if v is not None and min(v // 10, 9) * 10 == b) for b in BUCKETS]
        lines.append(f"| {name} | " + " | ".join(map(str, counts)) + " |")
    return lines


def drivers_table(apis: list[Scored], dimension: str, top: int = 6) -> list[str]:
    """The rules that cost the most points across the corpus, with how many APIs they hit."""
    points: dict[str, float] = defaultdict(float)
    hit: dict[str, int] = defaultdict(int)
    for api in apis:
        for rule, lost in api.losses.get(dimension, {}).items():
            points[rule] += lost
            hit[rule] += 1
    scored = sum(1 for a in apis if a.scores.get(dimension) is not None)
    ranked = sorted(points, key=lambda r: (-points[r], r))[:top]
    lines = ["| rule | APIs it costs points | mean points lost per API |", "| --- | ---: | ---: |"]
    lines += [f"| `{rule}` | {hit[rule]} of {scored} | {points[rule] / max(scored, 1):.1f} |" for rule in ranked]
    return lines


def row(api: Scored) -> str:
    cells = ["–" if api.scores.get(d) is None else str(api.scores[d]) for d in DIMENSIONS]
    return f"| {api.name} | {api.operations} | " + " | ".join(cells) + f" | **{api.overall if api.overall is not None else '–'}** |"


ROW_HEADER = ["| API | operations | " + " | ".join(DIMENSIONS) + " | overall |",
              "| --- | ---: |" + " ---: |" * (len(DIMENSIONS) + 1)]


def group_means(apis: list[Scored]) -> dict[str, float]:
    means = {}
    for name in (*DIMENSIONS, "overall"):
        values = [a.overall if name == "overall" else a.scores[name] for a in apis]
        scored = [v for v in values if v is not None]
        means[name] = statistics.mean(scored) if scored else float("nan")
    return means


def comparison_table(careful: list[Scored], bare: list[Scored], rest: list[Scored]) -> list[str]:
    lines = ["| group | APIs | " + " | ".join(DIMENSIONS) + " | overall |", "| --- | ---: |" + " ---: |" * (len(DIMENSIONS) + 1)]
    for title, group in (("carefully documented (Stripe, GitHub, Twilio)", careful), ("bare, generated", bare), ("all others", rest)):
        means = group_means(group)
        lines.append(f"| {title} | {len(group)} | " + " | ".join(f"{means[d]:.0f}" for d in (*DIMENSIONS, "overall")) + " |")
    return lines


def render(apis: list[Scored], failed: list[Scored], corpus: Path, seconds: float, workers: int, notes: str) -> str:
    careful = [a for a in apis if a.name in CAREFUL]
    bare = [a for a in apis if is_bare(a) and a.name not in CAREFUL]
    rest = [a for a in apis if a not in careful and a not in bare]
    from dxscan import __version__

    parts = [
        "# Calibration: dxscan's scores on real APIs",
        "",
        (f"Generated by `python benchmarks/calibrate.py {corpus}` (dxscan {__version__}, {date.today().isoformat()}, "
         f"{workers} worker processes, {seconds:.0f} s): {len(apis)} APIs scored, {len(failed)} not scored (listed at the end). "
         "The APIs are the corpus's 22 top-level specs, the 337 specs of `directory/` and DigitalOcean's multi-file "
         "spec; `oas-examples/` (one-feature demonstrations, not APIs) is left out. Regenerate it after changing a "
         "rule, a weight or the formula: the tables are rewritten, the notes at the end (after the marker) are kept."),
        "",
        "## How the scores spread", "",
        *spread_table(apis), "",
        "APIs per score band:", "",
        *histogram_table(apis), "",
        "## Carefully documented versus bare", "",
        ("'Bare, generated' means no `info.description`, at most one operation in ten and one parameter or "
         "property in four described."), "",
        *comparison_table(careful, bare, rest), "",
        *ROW_HEADER, *[row(a) for a in careful], "",
        "## What drives each dimension", "",
        "The rules that cost the most points over the whole corpus (points lost are out of the dimension's 100).", "",
    ]
    for dimension in PLATFORM:
        parts += [f"### {dimension}", "", *drivers_table(apis, dimension), ""]
    top = [a for a in apis if a.name in top_level(corpus)]
    parts += ["## The top-level specs", "", *ROW_HEADER, *[row(a) for a in top], "", "What their summaries say:", ""]
    parts += [f"- **{a.name}**: " + " · ".join(f"*{d}*: {a.summaries[d]}" for d in PLATFORM) for a in top]
    parts += ["", "## Every API", "", *ROW_HEADER, *[row(a) for a in apis], ""]
    if failed:
        parts += ["## Not scored", "", *[f"- {a.name}: {a.error}" for a in failed], ""]
    slowest = sorted(apis, key=lambda a: -a.seconds)[:5]
    parts += ["Slowest scans: " + ", ".join(f"{a.name} {a.seconds:.1f} s" for a in slowest) + ".", "", notes]
    return "\n".join(parts)


def top_level(corpus: Path) -> set[str]:
    return {p.name for p in corpus.glob("*.json")} | {"digitalocean-multifile"}


NOTES_MARKER = "<!-- notes: written by hand; calibrate.py keeps everything from this line on -->"


def kept_notes(output: Path) -> str:
    """The hand-written notes of the previous table, from the marker on."""
    text = output.read_text(encoding="utf-8") if output.exists() else ""
    return text[text.index(NOTES_MARKER):] if NOTES_MARKER in text else NOTES_MARKER + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("-o", "--output", type=Path, default=Path("docs/calibration.md"))
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--timeout", type=int, default=300, help="seconds one scan may take (default 300)")
    args = parser.parse_args(argv)
    paths = corpus_apis(args.corpus)
    started = time.perf_counter()
    with Pool(args.workers) as pool:
        tasks = [(path, args.timeout) for path in paths]
        results = sorted(pool.imap_unordered(score_one, tasks, chunksize=1), key=lambda a: a.name)
    seconds = time.perf_counter() - started
    apis = [a for a in results if not a.error]
    failed = [a for a in results if a.error]
    args.output.parent.mkdir(parents=True, exist_ok=True)
    text = render(apis, failed, args.corpus, seconds, args.workers, kept_notes(args.output))
    args.output.write_text(text, encoding="utf-8")
    print(f"{len(apis)} APIs scored, {len(failed)} not scored, {seconds:.0f} s -> {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
