"""oasdiff's breaking-change checks for OpenAPI 3 (fixtures/diff/oasdiff/checks.yaml, the coverage
table of docs/diff.md): each covered check is a fixture pair built from one template by the edits
its entry lists, and must report the dxscan change (id and severity) the table names; each check
not covered says why."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
import yaml

from dxscan.diff import structural_changes
from dxscan.load.loader import load
from dxscan.model import Spec
from tests.conftest import FIXTURES, ROOT

CHECKS = FIXTURES / "diff" / "oasdiff"
ENTRIES = yaml.safe_load((CHECKS / "checks.yaml").read_text())
COVERED = [e for e in ENTRIES if "dxscan" in e]
TODAY = date(2025, 6, 1)


def _apply(text: str, edits: list[list[str]]) -> str:
    for old, new in edits:
        assert text.count(old) == 1, f"edit target not found exactly once: {old!r}"
        text = text.replace(old, new)
    return text


def _spec(text: str, path: Path) -> Spec:
    path.write_text(text)
    return Spec.from_loaded(load(str(path)))


@pytest.mark.parametrize("entry", COVERED, ids=[e["check"] for e in COVERED])
def test_each_covered_oasdiff_check_is_reported(entry, tmp_path):
    template = (CHECKS / "base.yaml").read_text()
    base = _spec(_apply(template, entry["base"]), tmp_path / "base.yaml")
    head = _spec(_apply(template, entry["head"]), tmp_path / "head.yaml")
    found = {(c.id, c.severity) for c in structural_changes(base, head, TODAY)}
    change_id, severity = entry["dxscan"].split("/")
    assert (change_id, severity) in found, sorted(found)


def test_every_check_is_covered_or_says_why():
    assert len({e["check"] for e in ENTRIES}) == len(ENTRIES)
    for entry in ENTRIES:
        assert entry["level"] in ("ERR", "WARN")
        assert ("dxscan" in entry) != ("reason" in entry), entry["check"]
        assert "reason" not in entry or len(entry["reason"]) > 20


def test_the_coverage_table_in_the_docs_lists_every_check():
    table = (ROOT / "docs" / "diff.md").read_text()
    listed = re.findall(r"^\| `([a-z0-9-]+)` \| (ERR|WARN) \|", table, re.MULTILINE)
    assert sorted(listed) == sorted((e["check"], e["level"]) for e in ENTRIES)
