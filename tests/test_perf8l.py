"""perf8l: a split scan's graph half locates its findings after the join, asking the child that
indexed the text."""

from __future__ import annotations

import json
import sys

import pytest
import yaml

from dxscan.load.loader import load
from dxscan.scan import pipeline as api
from tests.conftest import FIXTURES

linux_only = pytest.mark.skipif(sys.platform != "linux", reason="dxscan forks on Linux only")


def _shop_json(tmp_path):
    source = tmp_path / "shop.json"
    document = yaml.safe_load((FIXTURES / "dimensions" / "shop.yaml").read_text(encoding="utf-8"))
    source.write_text(json.dumps(document, indent=2), encoding="utf-8")
    return str(source)


@linux_only
def test_a_split_scan_indexes_no_text_in_this_process(tmp_path):
    """Both halves' findings are located in the child, whichever half ends first; the report is
    the one a scan in one process gives."""
    source = _shop_json(tmp_path)
    loaded = load(source)
    split = api.scan_loaded(loaded, source, split=True)
    alone = api.scan_loaded(load(source), source, split=False)
    assert loaded.files[source]._json._members == {}
    assert [finding.as_dict() for finding in split.findings] == [finding.as_dict() for finding in alone.findings]
    assert len(split.findings) == 25
    assert [finding.rule for finding in split.findings if finding.dimension == "abstraction"] == ["rw-schema-leak"]


@linux_only
def test_when_the_child_dies_the_graph_half_is_located_here(tmp_path, monkeypatch):
    """A child gone before its answer: its half is computed here after all, and the graph half's
    findings are found in this process's own index of the text."""
    import os

    source = _shop_json(tmp_path)
    parent, packed_part = os.getpid(), api._scan_part_packed

    def dies_in_the_child(*args):
        if os.getpid() != parent:
            os._exit(1)
        return packed_part(*args)

    monkeypatch.setattr(api, "_scan_part_packed", dies_in_the_child)
    loaded = load(source)
    split = api.scan_loaded(loaded, source, split=True)
    alone = api.scan_loaded(load(source), source, split=False)
    assert [finding.as_dict() for finding in split.findings] == [finding.as_dict() for finding in alone.findings]
    assert loaded.files[source]._json._members != {}
