"""What every command shares: exiting with one line, writing output, reading the configuration,
and one scan (with the cache and the terminal spinner)."""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import NoReturn

import typer

from dxscan.config import Config, ConfigError, find_config, load_config
from dxscan.load import LoadError
from dxscan.parallel import pausable_thread
from dxscan.results import Report


class FailOn(str, Enum):
    error = "error"
    warning = "warning"
    info = "info"
    none = "none"


# run() is the entry point: this process ends with the command (app.run sets it).
CONSOLE_SCRIPT = False


def fail(message: str) -> NoReturn:
    """Print one line on standard error and exit with code 2."""
    from rich.console import Console

    Console(stderr=True, highlight=False, soft_wrap=True).print(f"dxscan: {message}", markup=False)
    raise typer.Exit(2)


def explain_failure(why: str) -> None:
    """The one line on standard error that says why the gate failed (the exit code is 1)."""
    sys.stderr.write(f"dxscan: FAIL: {why}\n")


def write_output(text: str, output: Path | None) -> None:
    """Standard output, or the file written whole or not at all; exit 2 when it cannot be."""
    from dxscan.report import write_atomic

    if output is None:
        with reader_may_leave():
            sys.stdout.write(text)
            sys.stdout.flush()
        return
    try:
        write_atomic(str(output), text)
    except BrokenPipeError:  # -o /dev/stdout or a FIFO whose reader left
        reader_left()
    except OSError as error:
        fail(f"{output}: cannot write: {error.strerror or error}")


@contextmanager
def reader_may_leave() -> Iterator[None]:
    """Printing to standard output: when its reader leaves (`dxscan ... | head -1`), the rest is
    dropped quietly and the command goes on, so the exit code is still the gate's."""
    try:
        yield
    except BrokenPipeError:
        reader_left()


def reader_left() -> None:
    """Point standard output at /dev/null: what is still buffered, and anything printed later,
    goes nowhere instead of raising again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # no real descriptor (tests capture output in memory)
        pass


def config_for(spec: str, config_file: Path | None) -> Config:
    """The configuration named, or the one found upward from SPEC; exit 2 when it is broken."""
    try:
        return load_config(config_file if config_file is not None else find_config(spec))
    except ConfigError as error:
        fail(str(error))


def scan_report(spec: str, config: Config, allow_external_refs: bool, use_cache: bool = False) -> Report:
    """One spec's report, from the cache when allowed and fresh; exit 2 when it cannot be read."""
    from dxscan.scan import cache

    entry = cache.entry_for(spec, repr((config, allow_external_refs))) if use_cache else None
    cached = cache.lookup(entry) if entry is not None else None
    if cached is not None:
        return cached
    report = _scan_now(spec, config, allow_external_refs)
    if entry is not None:
        cache.store(entry, report)
    return report


def collector_off_for_good() -> None:
    """In the console script, stop the cyclic garbage collector for the rest of the process: it
    ends after rendering, every object it builds lives until then, and each collection examines
    all of them (0.2 s on DigitalOcean's spec after a scan; 2.5-4 CPU-s of a 337-spec portfolio,
    whose results only grow as they arrive). In-process callers (tests) keep it."""
    if CONSOLE_SCRIPT:
        gc.disable()


def _scan_now(spec: str, config: Config, allow_external_refs: bool) -> Report:
    """One scan (scan() pauses the garbage collector while it runs, and it stays paused after
    it in the console script: `collector_off_for_good`)."""
    from dxscan.scan import scan
    from dxscan.scan.pipeline import keep_until_exit

    collector_off_for_good()
    if CONSOLE_SCRIPT:  # the process ends after this one scan, without tearing down (app._leave)
        keep_until_exit()
    try:
        if sys.stderr.isatty():
            from rich.console import Console

            with Console(stderr=True).status(f"scanning {spec}…") as status, pausable_thread(status.stop, status.start):
                return scan(spec, config, allow_external_refs)
        return scan(spec, config, allow_external_refs)
    except LoadError as error:
        fail(error.one_line())
    except RecursionError:
        fail(f"{spec}: the document is nested too deeply to read")
