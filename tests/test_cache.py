"""The report cache: a warm run gives the same report; any change to any file misses."""

from __future__ import annotations

import shutil

import pytest

from tests.conftest import FIXTURES


def test_warm_run_reuses_the_report(cli, private_cache):
    first = cli("scan", str(FIXTURES / "bookshop.yaml"), "--format", "json")
    entries = list(private_cache.glob("*.json"))
    assert len(entries) == 1
    second = cli("scan", str(FIXTURES / "bookshop.yaml"), "--format", "json")
    assert first == second


def test_no_cache_writes_nothing(cli, private_cache):
    cli("scan", str(FIXTURES / "bookshop.yaml"), "--format", "json", "--no-cache")
    assert not private_cache.exists() or not list(private_cache.glob("*.json"))


def test_edit_in_a_referenced_file_misses(cli, tmp_path):
    spec_dir = tmp_path / "spec"
    shutil.copytree(FIXTURES / "multifile", spec_dir)
    root = str(spec_dir / "openapi.yaml")
    before = cli("scan", root, "--format", "json")[1]
    pets = spec_dir / "paths" / "pets.yaml"
    pets.write_text(pets.read_text().replace("summary: List pets", "summary: List pets\n  description: Every pet."))
    after = cli("scan", root, "--format", "json")[1]
    assert before != after
    assert '"GET /v1/pets has no description"' not in after


def test_corrupt_entry_is_a_miss(cli, private_cache):
    first = cli("scan", str(FIXTURES / "bookshop.yaml"), "--format", "json")
    for entry in private_cache.glob("*.json"):
        entry.write_text("{not json")
    assert cli("scan", str(FIXTURES / "bookshop.yaml"), "--format", "json") == first


def test_config_change_misses(cli, tmp_path):
    spec = tmp_path / "openapi.yaml"
    spec.write_text((FIXTURES / "bookshop.yaml").read_text())
    before = cli("scan", str(spec), "--format", "json")[1]
    (tmp_path / ".dxscan.yaml").write_text("rules:\n  server-internal: off\n")
    after = cli("scan", str(spec), "--format", "json")[1]
    assert "server-internal" in before and "server-internal" not in after


def test_stored_report_is_asdict_of_the_report():
    """cache.plain spells the findings out for speed; it must stay what asdict gives, or a field
    added to a finding would be dropped from the cache without the lookup noticing."""
    import json
    from dataclasses import asdict

    from dxscan.scan.cache import plain
    from dxscan.scan.pipeline import scan

    report = scan(str(FIXTURES / "bookshop.yaml"))
    assert report.findings
    assert json.loads(json.dumps(plain(report))) == json.loads(json.dumps(asdict(report)))


def test_the_code_fingerprint_covers_every_stage_of_the_package():
    """An edit anywhere in dxscan (a check, the graph, a renderer) misses the cache, not only an
    edit beside the cache module (the fingerprint once walked dxscan/scan/ alone)."""
    import os
    from importlib import resources
    from pathlib import Path

    import dxscan
    from dxscan.scan import cache

    fingerprint = cache.code_fingerprint.__wrapped__  # once per process in use (lru_cache)
    before = fingerprint()
    rules = Path(str(resources.files("dxscan.rules")))
    for edited in (Path(dxscan.__file__).parent / "checks" / "naming.py", rules / "path-verb.yaml", rules / "catalogue.json"):
        stat = edited.stat()
        os.utime(edited, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
        try:
            assert fingerprint() != before, edited
        finally:
            os.utime(edited, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert fingerprint() == before


def test_the_root_files_hash_is_the_one_its_key_was_made_from(tmp_path, monkeypatch):
    """store() reuses the digest entry_for() made of the root file instead of reading it again."""
    import hashlib
    import json

    from dxscan.scan import cache
    from dxscan.scan.pipeline import scan

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    spec = tmp_path / "openapi.yaml"
    spec.write_text((FIXTURES / "bookshop.yaml").read_text())
    entry = cache.entry_for(str(spec), "settings")
    report = scan(str(spec))
    cache.store(entry, report)
    stored = json.loads(entry.path.read_text())
    assert stored["files"] == {str(spec.resolve()): hashlib.sha256(spec.read_bytes()).hexdigest()}
    assert cache.lookup(entry) == report
    spec.write_text(spec.read_text() + "\n# edited\n")
    assert cache.lookup(entry) is None  # the file no longer has the hash stored for it


@pytest.mark.parametrize("findings", [0, 1, 3])
def test_an_entry_written_from_the_findings_json_text_reads_back_as_plain(findings):
    import json
    from dataclasses import replace

    from dxscan.results import Finding, Location
    from dxscan.scan.cache import _entry_text, plain
    from dxscan.scan.pipeline import scan

    report = scan(str(FIXTURES / "bookshop.yaml"))
    odd = Finding("r", "naming", "info", 'naïve "quoted" \u2028 }}', "/a~1b", Location("f.yaml", None, 3), "0" * 16)
    report = replace(report, findings=(odd,) * findings, spec=replace(report.spec, title="Büchershop }}"))
    assert odd.json_text == json.dumps(odd.as_dict(), ensure_ascii=False)
    assert json.loads(_entry_text({"/x": "00"}, report)) == {"files": {"/x": "00"}, "report": json.loads(json.dumps(plain(report)))}


@pytest.mark.parametrize("text", ["", "plain", 'q"uo\\te', "tab\there\nnew\rline\x00\x1f\x7f", "naïve – “x” \u2028 \U0001F600",
                                  "</script>", "{\"rule\": 1}"])
@pytest.mark.parametrize(("line", "column"), [(None, None), (1, 1), (0, 12345678), (7, None)])
def test_a_findings_json_text_is_what_json_dumps_writes(text, line, column):
    import json

    from dxscan.results import Finding, Location

    finding = Finding(f"r{text}", text, text, f"message {text}", f"/p/{text}", Location(f"f{text}.yaml", line, column), text)
    assert finding.json_text == json.dumps(finding.as_dict(), ensure_ascii=False)
