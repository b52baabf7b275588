"""rules/catalogue.json: the rule files parsed once, ahead of time, so that no command parses YAML
(or imports PyYAML) to read the catalogue; the YAML files stay the source."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from dxscan import catalogue as module
from dxscan.catalogue import COMPILED_FILE, CatalogueError, compiled_text
from tests.conftest import ROOT


@pytest.fixture
def fresh_cache():
    """The files read again; `catalogue()`'s own dictionary is left alone (conftest edits it)."""
    module._parsed_files.cache_clear()
    yield
    module._parsed_files.cache_clear()


def read_rules():
    return module._rules(module._parsed_files())


def test_the_committed_json_is_the_yaml_files_as_they_are():
    committed = (ROOT / "rules" / COMPILED_FILE).read_text(encoding="utf-8")
    assert committed == compiled_text(ROOT / "rules"), "rules changed: run `python -m dxscan.catalogue rules`"


def test_the_json_is_read_and_gives_the_rules_the_yaml_gives(fresh_cache, monkeypatch):
    def no_yaml(texts):
        raise AssertionError("parsed the YAML")

    with monkeypatch.context() as patched:
        patched.setattr(module, "_parse_yaml", no_yaml)
        from_json = read_rules()
    module._parsed_files.cache_clear()
    monkeypatch.setattr(module, "_compiled", lambda: None)
    assert read_rules() == from_json and len(from_json) > 80


def test_an_edited_rule_is_read_from_its_yaml_until_the_json_is_regenerated(fresh_cache, monkeypatch):
    texts = module._yaml_texts()
    edited = texts["path-verb.yaml"].replace(b"severity: warning", b"severity: error")
    assert edited != texts["path-verb.yaml"]
    monkeypatch.setattr(module, "_yaml_texts", lambda folder=None: {**texts, "path-verb.yaml": edited})
    assert read_rules()["path-verb"].severity == "error"


def test_a_value_json_would_change_is_refused(tmp_path):
    (tmp_path / "a-rule.yaml").write_text("id: a-rule\nsince: 2024-01-01\n", encoding="utf-8")
    with pytest.raises(CatalogueError, match="a-rule.yaml: holds values JSON cannot keep"):
        compiled_text(tmp_path)
    (tmp_path / "a-rule.yaml").write_text("id: a-rule\noptions: {200: ok}\n", encoding="utf-8")
    with pytest.raises(CatalogueError, match="a-rule.yaml"):
        compiled_text(tmp_path)


def test_the_module_writes_the_json_beside_the_yaml(tmp_path):
    (tmp_path / "a-rule.yaml").write_text("id: a-rule\nweight: 1\n", encoding="utf-8")
    subprocess.run([sys.executable, "-m", "dxscan.catalogue", str(tmp_path)], check=True, capture_output=True)
    written = json.loads((tmp_path / COMPILED_FILE).read_text(encoding="utf-8"))
    assert written["files"] == {"a-rule.yaml": {"id": "a-rule", "weight": 1}}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-rule.yaml", COMPILED_FILE]  # no temporary left


def test_scanning_a_json_spec_never_imports_pyyaml(tmp_path):
    spec = tmp_path / "spec.json"
    spec.write_text(json.dumps({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}}), encoding="utf-8")
    code = ("import sys; from dxscan.cli.app import app; sys.argv = ['dxscan', 'scan', sys.argv[1], '--no-cache', "
            "'--format', 'json', '-o', sys.argv[2]]\ntry:\n    app()\nexcept SystemExit:\n    pass\n"
            "print('yaml' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code, str(spec), str(tmp_path / "card.json")], capture_output=True,
                          text=True, check=True, cwd=tmp_path)
    assert done.stdout.split() == ["False"]
    assert json.loads((tmp_path / "card.json").read_text())["grade"]
