"""The command line as users run it: exit codes, JSON shape, output files, bad input."""

from __future__ import annotations

import json
import os
import shutil

import pytest

from tests.conftest import FIXTURES

BOOKSHOP = FIXTURES / "bookshop.yaml"


def test_text_report_shows_score_dimensions_and_locations(cli):
    code, out, _ = cli("scan", str(BOOKSHOP))
    assert code == 0
    assert "DX score" in out and "Bookshop API" in out
    for dimension in ("versioning", "auth", "rate_limits", "naming", "documentation", "abstraction"):
        assert dimension in out
    assert "bookshop.yaml:17:5" in out  # the internal staging server


def test_json_scorecard_shape(scan_json):
    card = scan_json(BOOKSHOP)
    assert card["schema"] == "dxscan.scorecard/1"
    assert card["tool"]["name"] == "dxscan"
    assert card["spec"]["title"] == "Bookshop API" and card["spec"]["operations"] == 5
    assert set(card["dimensions"]) == {"versioning", "auth", "rate_limits", "naming", "documentation", "abstraction"}
    for dimension in card["dimensions"].values():
        assert set(dimension) == {"score", "grade", "weight", "measures", "summary"}
    server = next(f for f in card["findings"] if f["rule"] == "server-internal")
    assert server["pointer"] == "/servers/1"
    assert server["location"] == {"file": str(BOOKSHOP), "line": 17, "column": 5}
    assert len(server["fingerprint"]) == 16


def test_json_scorecard_has_one_finding_per_line(cli):
    from dataclasses import replace

    from dxscan.report.json import render
    from dxscan.scan.pipeline import scan

    code, out, _ = cli("scan", str(BOOKSHOP), "--format", "json")
    assert code == 0
    card = json.loads(out)
    finding_lines = [line for line in out.splitlines() if line.startswith('    {"rule": ')]
    assert [json.loads(line.rstrip(",")) for line in finding_lines] == card["findings"]
    empty = render(replace(scan(str(BOOKSHOP)), findings=()))
    assert json.loads(empty)["findings"] == [] and empty.endswith('  "findings": []\n}\n')


def test_same_api_as_json_and_yaml_scores_the_same(scan_json, tmp_path):
    import yaml

    as_json = tmp_path / "bookshop.json"
    as_json.write_text(json.dumps(yaml.safe_load(BOOKSHOP.read_text())), encoding="utf-8")
    yaml_card, json_card = scan_json(BOOKSHOP), scan_json(as_json)
    assert yaml_card["score"] == json_card["score"]
    assert {k: v["score"] for k, v in yaml_card["dimensions"].items()} == {k: v["score"] for k, v in json_card["dimensions"].items()}
    assert sorted(f["fingerprint"] for f in yaml_card["findings"]) == sorted(f["fingerprint"] for f in json_card["findings"])


def test_gate_fail_on_and_fail_under(cli):
    assert cli("scan", str(BOOKSHOP), "--fail-on", "warning")[0] == 1
    assert cli("scan", str(BOOKSHOP), "--fail-on", "none", "--fail-under", "99")[0] == 1
    assert cli("scan", str(BOOKSHOP), "--fail-on", "none", "--fail-under", "10")[0] == 0


def test_invalid_spec_fails_the_default_gate(cli, write):
    spec = write("openapi: 3.0.3\ninfo: {title: t}\npaths: {}\n")
    code, out, _ = cli("scan", str(spec), "--format", "json")
    assert code == 1
    assert any(f["rule"] == "oas-schema" for f in json.loads(out)["findings"])


def test_output_file_is_written_whole(cli, tmp_path):
    target = tmp_path / "card.json"
    code, out, _ = cli("scan", str(BOOKSHOP), "--format", "json", "-o", str(target))
    assert code == 0 and out == ""
    assert json.loads(target.read_text())["schema"] == "dxscan.scorecard/1"
    assert [p.name for p in tmp_path.iterdir()] == ["card.json"]


def test_output_file_untouched_when_input_is_bad(cli, tmp_path):
    target = tmp_path / "card.json"
    target.write_text("previous")
    code, _, _ = cli("scan", str(FIXTURES / "bad" / "broken.yaml"), "--format", "json", "-o", str(target))
    assert code == 2 and target.read_text() == "previous"


def test_standard_input(cli):
    code, out, _ = cli("scan", "-", "--format", "json", input=BOOKSHOP.read_text())
    assert code == 0 and json.loads(out)["spec"]["source"] == "-"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("missing.yaml", "missing.yaml: no such file"),
        ("bad/broken.yaml", "broken.yaml:4:10: invalid YAML"),
        ("bad/truncated.json", "truncated.json:4:1: invalid JSON"),
        ("bad/not-openapi.yaml", "not-openapi.yaml: not an OpenAPI or Swagger document"),
        ("bad/latin1.yaml", "latin1.yaml:2: not UTF-8 text"),
        ("portfolio/broken", "portfolio/broken/broken.yaml:4:10: invalid YAML"),  # a folder whose only spec is unreadable
    ],
)
def test_unusable_input_exits_2_with_one_line(cli, name, message):
    code, out, err = cli("scan", str(FIXTURES / name))
    assert code == 2 and out == ""
    assert message in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_unsupported_version_exits_2(cli, write):
    code, _, err = cli("scan", str(write("openapi: 4.0.0\ninfo: {title: t, version: '1'}\npaths: {}\n")))
    assert code == 2 and "unsupported OpenAPI version '4.0.0'" in err


def test_usage_errors_exit_2(cli):
    assert cli("scan")[0] == 2
    assert cli("scan", str(BOOKSHOP), "--format", "nope")[0] == 2


def test_rules_lists_and_explains(cli):
    code, out, _ = cli("rules")
    assert code == 0 and "operation-description" in out
    code, out, _ = cli("rules", "operation-description")
    assert code == 0 and "Why it matters" in out and "Use instead" in out
    code, _, err = cli("rules", "no-such-rule")
    assert code == 2 and "unknown rule 'no-such-rule'" in err


def test_no_colour_when_not_a_terminal(cli):
    _, out, _ = cli("scan", str(BOOKSHOP))
    assert "\x1b[" not in out


def test_explain_shows_the_arithmetic(cli):
    code, out, _ = cli("scan", str(BOOKSHOP), "--explain")
    assert code == 0 and "points lost" in out and "overall = (" in out


def test_duplicate_keys_reported_at_their_line(scan_json):
    card = scan_json(FIXTURES / "bad" / "duplicate-key.yaml")
    [duplicate] = [f for f in card["findings"] if f["rule"] == "duplicate-key"]
    assert duplicate["location"]["line"] == 5
    assert duplicate["severity"] == "error"


def test_bom_is_accepted(cli):
    assert cli("scan", str(FIXTURES / "bad" / "bom.json"), "--format", "json")[0] in (0, 1)


def test_multifile_findings_name_the_referenced_file(scan_json):
    card = scan_json(FIXTURES / "multifile" / "openapi.yaml")
    missing = next(f for f in card["findings"] if f["rule"] == "operation-description" and "listPets" not in f["message"])
    assert missing["location"]["file"].endswith(os.path.join("paths", "pets.yaml"))
    assert missing["location"]["line"] == 1


def test_output_file_gets_ordinary_permissions(cli, tmp_path):
    target = tmp_path / "card.json"
    cli("scan", str(BOOKSHOP), "--format", "json", "-o", str(target))
    mask = os.umask(0)
    os.umask(mask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~mask


def test_the_console_script_flushes_everything_before_it_leaves(tmp_path):
    """run() ends with os._exit (no interpreter teardown): output must be complete and the exit
    code the command's, for standard output and for a file."""
    import subprocess
    import sys

    def dxscan(*args: str) -> subprocess.CompletedProcess:
        command = [sys.executable, "-c", "import sys; from dxscan.cli import run; sys.argv[0] = 'dxscan'; run()", *args]
        return subprocess.run(command, capture_output=True, text=True, check=False)

    printed = dxscan("scan", str(BOOKSHOP), "--format", "json", "--no-cache", "--preview", "--fail-under", "99")
    assert printed.returncode == 1
    assert json.loads(printed.stdout)["spec"]["title"] == "Bookshop API"
    written = dxscan("scan", str(BOOKSHOP), "--format", "markdown", "--no-cache", "-o", str(tmp_path / "card.md"))
    assert written.returncode == 0 and written.stdout == ""
    assert (tmp_path / "card.md").read_text(encoding="utf-8") == dxscan("scan", str(BOOKSHOP), "--format", "markdown", "--no-cache").stdout
    broken = dxscan("scan", str(FIXTURES / "bad" / "broken.yaml"))
    assert broken.returncode == 2 and broken.stderr.count("\n") == 1


def test_ctrl_c_is_one_line_and_exit_130():
    """typer turns Ctrl-C into a silent exit 130; the console script says why it stopped."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", "from dxscan.cli.app import _leave; _leave(130)"],
                          capture_output=True, text=True, check=False)
    assert (done.returncode, done.stderr) == (130, "dxscan: interrupted\n")


# --- every gate failure explained in one line on standard error -------------------------------------

def test_a_failing_scan_gate_says_which_threshold_and_where_it_was_set(cli, tmp_path):
    spec = tmp_path / "bookshop.yaml"
    spec.write_text(BOOKSHOP.read_text())
    code, _, err = cli("scan", str(spec), "--no-cache", "--fail-on", "warning")
    assert (code, err) == (1, f"dxscan: FAIL: {spec}: 19 findings at warning or worse (--fail-on warning)\n")
    code, _, err = cli("scan", str(spec), "--no-cache", "--fail-on", "none", "--fail-under", "90")
    assert (code, err) == (1, f"dxscan: FAIL: {spec}: score 83 is under --fail-under 90\n")
    config = tmp_path / ".dxscan.yaml"
    config.write_text("fail-on: info\nfail-under: 90\n")
    code, _, err = cli("scan", str(spec), "--no-cache")
    assert code == 1
    assert err == (f"dxscan: FAIL: {spec}: 27 findings at info or worse (--fail-on info, from {config}); "
                   f"score 83 is under --fail-under 90 (from {config})\n")
    code, _, err = cli("scan", str(spec), "--no-cache", "--fail-on", "none", "--fail-under", "10")
    assert (code, err) == (0, "")


def test_a_failing_gate_with_the_default_threshold_says_so(cli):
    legacy = FIXTURES / "portfolio" / "legacy.yaml"
    code, _, err = cli("scan", str(legacy), "--no-cache")
    assert (code, err) == (1, f"dxscan: FAIL: {legacy}: 1 finding at error or worse (--fail-on error, the default)\n")


def test_a_failing_baseline_gate_says_so(cli, tmp_path):
    accepted = tmp_path / "baseline.json"
    assert cli("baseline", str(BOOKSHOP), "-o", str(accepted))[0] == 0
    spec = tmp_path / "bookshop.yaml"  # the same spec, in another folder: no warning
    spec.write_text(BOOKSHOP.read_text().replace("servers:\n", "servers:\n  - url: http://10.0.0.1/v2\n", 1))
    code, _, err = cli("scan", str(spec), "--no-cache", "--baseline", str(accepted), "--fail-on", "warning")
    assert code == 1
    assert err == (f"dxscan: FAIL: {spec} (findings not in baseline {accepted}): "
                   "1 finding at warning or worse (--fail-on warning)\n")


def test_a_failing_diff_gate_says_why(cli):
    pair = FIXTURES / "diff" / "response-property-became-optional"
    code, _, err = cli("diff", str(pair / "base.yaml"), str(pair / "head.yaml"))
    assert code == 1
    assert err == (f"dxscan: FAIL: {pair / 'base.yaml'} -> {pair / 'head.yaml'}: 1 breaking change "
                   "(--fail-on breaking, --max-score-drop 2)\n")


def test_each_portfolio_api_that_fails_its_gate_says_why(cli):
    folder = FIXTURES / "portfolio"
    code, _, err = cli("scan", str(folder / "orders.yaml"), str(folder / "legacy.yaml"), "--format", "json", "--jobs", "1")
    assert code == 1
    assert err == f"dxscan: FAIL: {folder / 'legacy.yaml'}: 1 finding at error or worse (--fail-on error, the default)\n"


def test_the_text_report_names_the_configuration_file(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    spec = tmp_path / "bookshop.yaml"
    spec.write_text(BOOKSHOP.read_text())
    out = cli("scan", "bookshop.yaml", "--no-cache", "--format", "text")[1]
    assert out.splitlines()[1:3] == ["DX score 83 B  ·  valid OpenAPI", "no config file (defaults)"]
    (tmp_path / ".dxscan.yaml").write_text("fail-on: none\n")
    out = cli("scan", "bookshop.yaml", "--no-cache", "--format", "text")[1]
    assert out.splitlines()[2] == "config .dxscan.yaml"


def test_a_baseline_made_for_another_spec_is_applied_with_a_warning(cli, tmp_path):
    accepted = tmp_path / "baseline.json"
    assert cli("baseline", str(BOOKSHOP), "-o", str(accepted))[0] == 0
    data = json.loads(accepted.read_text())
    assert (data["spec"], data["title"]) == (str(BOOKSHOP), "Bookshop API")
    code, _, err = cli("scan", str(BOOKSHOP), "--no-cache", "--baseline", str(accepted))
    assert (code, err) == (0, "")
    other = FIXTURES / "portfolio" / "orders.yaml"
    code, _, err = cli("scan", str(other), "--no-cache", "--baseline", str(accepted), "--fail-on", "none")
    assert code == 0
    assert err == (f"dxscan: warning: baseline {accepted} was made for 'Bookshop API' ({BOOKSHOP}), "
                   f"not 'Orders API' ({other}); applied all the same\n")


# --- papercuts a new user hits (issue 13, item 9): one test per message -----------------------------

def test_rules_is_readable_at_80_columns():
    import io

    from rich.console import Console

    from dxscan.catalogue import catalogue
    from dxscan.report.rules import render_catalogue

    console = Console(width=80, file=io.StringIO(), record=True, highlight=False)
    render_catalogue(catalogue(), console)
    lines = console.export_text().splitlines()
    assert max(len(line.rstrip()) for line in lines) <= 80
    assert lines[0].rstrip() == "abstraction (14)"
    assert [line.rstrip() for line in lines[1:3]] == [
        "ambiguous-identifier                 info     100% of 10  stable",
        "    One identifier, one name and one type"]


def test_a_finding_line_starts_with_its_place_so_wrapping_never_splits_it(cli):
    out = cli("scan", str(BOOKSHOP), "--no-cache", "--format", "text")[1]
    [line] = [line for line in out.splitlines() if "10.0.12.7" in line]
    assert line == f"    {BOOKSHOP}:17:5  warning server 'http://10.0.12.7:8080/v2' points at a private network address"


def test_counts_agree_with_their_nouns(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    spec = tmp_path / "one.yaml"
    spec.write_text("openapi: 3.0.3\ninfo: {title: One, version: '1'}\npaths:\n  /a:\n    get:\n"
                    "      responses: {'200': {description: ok}}\n")
    out = cli("scan", str(spec), "--no-cache", "--format", "text", "--fail-on", "none")[1]
    assert out.splitlines()[0] == "One 1  ·  OpenAPI 3.0.3  ·  1 operation, 0 schemas"
    assert "\nauth · 1 finding\n" in out and "\nrate_limits · 3 findings\n" in out
    (tmp_path / "two.yaml").write_text(spec.read_text())
    code, out, _ = cli("diff", "one.yaml", "two.yaml")  # short names: the header fits on one line
    assert code == 0 and "one.yaml → two.yaml  ·  One  ·  1 → 1 operation\n" in out
    folder = tmp_path / "apis"
    folder.mkdir()
    (folder / "notes.json").write_text("{}")
    shutil.copy(FIXTURES / "portfolio" / "orders.yaml", folder / "orders.yaml")
    shutil.copy(FIXTURES / "portfolio" / "orders.yaml", folder / "orders-copy.yaml")
    out = cli("scan", "apis", "--fail-on", "none", "--jobs", "1")[1]
    assert "1 file skipped (not OpenAPI)" in out and "1 files" not in out
    assert " in both APIs" in out and "all 2 APIs" not in out


def test_help_names_types_plainly_and_shows_the_defaults(cli):
    out = cli("scan", "--help")[1]
    assert "<bool>" not in out and "<list[str]>" not in out and "<str>" not in out
    assert "scan [OPTIONS] SPEC...\n" in out
    words = " ".join(out.split())
    assert "[default: error]" in words and "[default: the number of cores]" in words
    assert "--fail-on [error|warning|info|none]" in out and "-o, --output PATH" in out
    assert "diff [OPTIONS] BASE HEAD\n" in cli("diff", "--help")[1]


def test_json_with_comments_is_read(cli, tmp_path):
    spec = tmp_path / "api.json"
    spec.write_text('{\n  // the API\n  "openapi": "3.0.3", /* block */ "info": {"title": "a // b", "version": "1"},\n'
                    '  "paths": {}, "servers": [{"url": "http://10.0.0.5"}, {"url": "https://api.acme.io"}]\n}\n')
    code, out, err = cli("scan", str(spec), "--no-cache", "--format", "json")
    assert (code, err) == (0, "")
    card = json.loads(out)
    assert card["spec"]["title"] == "a // b"
    [server] = [f for f in card["findings"] if f["rule"] == "server-internal"]
    assert server["location"] == {"file": str(spec), "line": 4, "column": 28}


@pytest.mark.parametrize(("encoding", "name"), [("utf-16", "UTF-16"), ("utf-16-le", "UTF-16"), ("utf-32", "UTF-32")])
def test_utf16_and_utf32_are_named(cli, tmp_path, encoding, name):
    spec = tmp_path / "api.yaml"
    spec.write_bytes(BOOKSHOP.read_text().encode(encoding))
    code, _, err = cli("scan", str(spec), "--no-cache")
    assert (code, err) == (2, f"dxscan: {spec}: {name} text; dxscan reads UTF-8 (convert it: iconv -f {name} -t UTF-8)\n")


def test_swagger_12_is_named_as_unsupported(cli, tmp_path):
    spec = tmp_path / "api.json"
    spec.write_text('{"swaggerVersion": "1.2", "apiVersion": "1.0", "apis": []}')
    code, _, err = cli("scan", str(spec), "--no-cache")
    assert (code, err) == (2, (f"dxscan: {spec}: Swagger 1.2 is not supported (dxscan reads Swagger 2.0 and OpenAPI 3.0, "
                              "3.1 and 3.2; convert it first)\n"))


def test_a_missing_file_named_beside_a_good_one_exits_2(cli, tmp_path):
    missing = tmp_path / "missing.yaml"
    code, out, err = cli("scan", str(BOOKSHOP), str(missing), "--format", "json", "--jobs", "1")
    assert code == 2
    assert err == f"dxscan: {missing}: no such file\n"
    assert json.loads(out)["summary"]["failed"] == 1


def test_readme_documents_graph_and_the_real_configuration_error(cli, tmp_path):
    from tests.conftest import ROOT

    readme = ROOT.joinpath("README.md").read_text()
    assert "## The dependency graph" in readme
    for form in ("json", "graphml", "dot", "mermaid"):
        assert f"`{form}`" in readme.split("## The dependency graph")[1].split("\n## ")[0]
    spec = tmp_path / "bookshop.yaml"
    spec.write_text(BOOKSHOP.read_text())
    config = tmp_path / ".dxscan.yaml"
    config.write_text("rules:\n  operation-description:\n    max_len: 3\n")
    code, _, err = cli("scan", str(spec), "--no-cache")
    assert code == 2
    shown = err.strip().replace(str(config), "/home/me/api/.dxscan.yaml")
    assert f"`{shown}`" in " ".join(readme.split())
    assert "dxscan itself has no such option" in readme


def test_an_api_with_nothing_to_assess_says_so_in_the_text_report(cli, tmp_path):
    spec = tmp_path / "empty.yaml"
    spec.write_text("openapi: 3.0.3\ninfo: {title: Empty, version: '1'}\npaths: {}\n")
    code, out, _ = cli("scan", str(spec), "--no-cache")
    assert code == 0
    assert out.splitlines()[1] == "DX score n/a: nothing to assess  ·  valid OpenAPI"
