from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dxscan.catalogue import PREVIEW_MIN_LABELS, Precision, catalogue
from dxscan.cli.app import app

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"


@pytest.fixture(autouse=True, scope="session")
def every_rule_stable():
    """The suite pins what each rule finds and what it costs. Which rules are preview is generated
    data (rules/precision.yaml, rewritten whenever the labels are), so in-process tests count every
    rule as measured precise; tests/test_preview.py makes rules preview on purpose."""
    rules = catalogue()
    saved = dict(rules)
    rules.update({rule_id: replace(rule, precision=Precision(right=PREVIEW_MIN_LABELS)) for rule_id, rule in rules.items()})
    yield
    rules.update(saved)


@pytest.fixture
def cli():
    """Run the CLI in-process; returns (exit code, stdout, stderr)."""
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None):
        result = runner.invoke(app, list(args), input=input)
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        return result.exit_code, result.stdout, result.stderr

    return invoke


@pytest.fixture
def scan_json(cli):
    """Scan a file and return the parsed JSON scorecard."""

    def run(path: Path | str, *args: str):
        code, out, err = cli("scan", str(path), "--format", "json", *args)
        assert code in (0, 1), err
        return json.loads(out)

    return run


@pytest.fixture
def write(tmp_path):
    """Write a spec (text) into tmp_path and return its path."""

    def make(text: str, name: str = "openapi.yaml") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    return make


@pytest.fixture(autouse=True)
def private_cache(tmp_path_factory, monkeypatch):
    """Tests never read or write the user's real cache."""
    folder = tmp_path_factory.mktemp("xdg-cache")
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
    return folder / "dxscan"
