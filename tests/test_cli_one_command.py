"""The console script builds only the command it runs (`app._app_for`): what that command prints
must be what the whole app prints for it."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from dxscan.cli.app import COMMANDS, _app_for, app


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("arguments", [["--help"], [], ["--no-such-option"]])
def test_one_command_prints_and_exits_as_the_whole_app_does(command, arguments):
    runner = CliRunner()
    whole = runner.invoke(app, [command, *arguments])
    alone = runner.invoke(_app_for([command, *arguments]), [command, *arguments])
    assert (alone.exit_code, alone.output) == (whole.exit_code, whole.output)
    assert whole.output  # each of these says something: help, or a usage error


def test_anything_but_a_command_gets_the_whole_app():
    assert _app_for([]) is app
    assert _app_for(["--help"]) is app
    assert _app_for(["scna", "x.yaml"]) is app  # click's "No such command" names the typo
    assert _app_for(["scan", "x.yaml"]) is not app
