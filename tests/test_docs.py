"""Generated documentation matches what it is generated from."""

from __future__ import annotations

from pathlib import Path

from dxscan.catalogue import catalogue
from dxscan.report.rules_markdown import render

ROOT = Path(__file__).resolve().parent.parent


def test_docs_rules_md_is_the_catalogue():
    written = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert written == render(catalogue()), "docs/rules.md is stale: python -m dxscan.report.rules_markdown > docs/rules.md"


def test_every_rule_is_in_docs_rules_md():
    written = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert [rule_id for rule_id in catalogue() if f"| `{rule_id}` |" not in written] == []
