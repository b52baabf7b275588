"""`dxscan rules [RULE]`: the rule catalogue, or one rule explained."""

from __future__ import annotations

import typer

from dxscan.catalogue import catalogue
from dxscan.cli.common import fail


def rules(rule_id: str | None = typer.Argument(None, help="Explain this rule.")) -> None:
    """List the rule catalogue, or explain one rule."""
    from dxscan.cli.console import StdoutConsole
    from dxscan.report.rules import render_catalogue, render_rule

    console = StdoutConsole(highlight=False)
    if rule_id is None:
        render_catalogue(catalogue(), console)
        return
    rule = catalogue().get(rule_id)
    if rule is None:
        fail(f"unknown rule '{rule_id}' (dxscan rules lists them)")
    render_rule(rule, console)
