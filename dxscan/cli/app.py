"""The `dxscan` command: the typer app, its commands (one module each), and the console-script
entry point. Exit codes: 0 passed, 1 the gate failed, 2 unusable input or usage (one line on
standard error, never a traceback), 130 interrupted."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import Any, NoReturn

import typer
import typer.core

from dxscan import __version__
from dxscan.cli import arguments, common
from dxscan.cli.diff import baseline, diff
from dxscan.cli.graph import graph
from dxscan.cli.history import history
from dxscan.cli.rules import rules
from dxscan.cli.scan import scan
from dxscan.parallel import reap_let_go

# --help names value types the way click does (TEXT, PATH, INTEGER; choices as [a|b]) rather than
# typer's <str>, <list[str]>, <int range>, and shows none for a flag (typer printed <bool>).
_PLAIN_TYPES = {"str": "TEXT", "path": "PATH", "int": "INTEGER", "float": "FLOAT", "int range": "INTEGER",
                "float range": "FLOAT", "bool": None}


def _plain_type(original: Callable[..., str | None]) -> Callable[..., str | None]:
    def display(param: Any, ctx: Any) -> str | None:
        if param.metavar is not None:
            return param.metavar
        if getattr(param, "is_flag", False):
            return None
        shown = original(param, ctx)
        if not shown:
            return shown
        label = shown.strip("<>").removesuffix("...")
        if label.startswith("list[") and label.endswith("]"):
            label = label[len("list["):-1]
        return f"[{label}]" if "|" in label else _PLAIN_TYPES.get(label, label.upper())
    return display


def _argument_name(param: Any) -> str:
    """SPEC..., BASE: click's spelling of an argument in the usage line and the help."""
    name = param.display_name_raw.upper()
    return name + "..." if param.nargs != 1 else name


def _usage_name(param: Any) -> str:
    return _argument_name(param) if param.required else f"[{_argument_name(param)}]"


typer.core.TyperOption.display_type_rich = _plain_type(typer.core.TyperOption.display_type)
typer.core.TyperArgument.display_type_rich = lambda param, ctx: None  # the name says it: SPEC, BASE
typer.core.TyperArgument._rich_display_name = _argument_name
typer.core.TyperArgument._usage_display_name = _usage_name
arguments.install()  # plain values coerced without importing pydantic (0.12 s of every command)

def _version(value: bool) -> None:
    if value:
        print(f"dxscan {__version__}")
        raise typer.Exit(0)


def main(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version.")) -> None:
    """dxscan: a developer-experience scorecard for OpenAPI documents."""


COMMANDS = {"scan": scan, "rules": rules, "diff": diff, "baseline": baseline, "graph": graph, "history": history}


def _typer(commands: dict[str, Callable[..., Any]]) -> typer.Typer:
    built = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False, rich_markup_mode=None,
                        help="How good is this API to build against? Scores an OpenAPI document's developer experience.")
    built.callback()(main)
    for name, function in commands.items():
        built.command(name)(function)
    return built


app = _typer(COMMANDS)

INTERRUPTED = 130  # typer's exit code for Ctrl-C (128 + SIGINT), which it reports silently


def run() -> None:
    """Console-script entry point: usage errors exit 2 (click's convention), never a traceback."""
    common.CONSOLE_SCRIPT = True
    try:
        _app_for(sys.argv[1:])()
    except SystemExit as done:
        _leave(done.code)


def _app_for(arguments: list[str]) -> typer.Typer:
    """The app with only the command ARGUMENTS name, when they start with one: typer turns every
    registered command's signature into click options on each start (8 ms for all six, typing's
    evaluation of their annotations most of it), and a command's own usage, help and errors do
    not depend on the others. Anything else (`--help`, `--version`, a typo) gets the whole app."""
    named = arguments[0] if arguments else None
    return _typer({named: COMMANDS[named]}) if named in COMMANDS else app


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
    reap_let_go(wait=True)  # the output is out: the scan's child, ending meanwhile, is counted as ours
    os._exit(status)
