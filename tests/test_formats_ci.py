"""The CI formats of `scan` and `diff`: SARIF 2.1.0 for code scanning, JUnit XML for GitLab and
Jenkins, GitHub workflow-command annotations (chosen automatically under GitHub Actions)."""

from __future__ import annotations

import json
import re
from xml.etree import ElementTree

from tests.conftest import FIXTURES

BOOKSHOP = FIXTURES / "bookshop.yaml"
PAIR = FIXTURES / "diff" / "response-property-became-optional"
ANNOTATION = re.compile(r"^::(error|warning|notice) (file=[^,:]+,(line=\d+,(col=\d+,)?)?)?title=[^:]+::\S.*$")


COMMAND = {"error": "error", "warning": "warning", "info": "notice"}


def scan_findings(cli, spec) -> list[dict]:
    return json.loads(output(cli, "scan", spec, "--format", "json")[1])["findings"]


def output(cli, *args: str) -> tuple[int, str]:
    code, out, err = cli(*map(str, args))
    assert code in (0, 1), err
    return code, out


def assert_sarif(log: dict) -> dict:
    """The parts of SARIF 2.1.0 that GitHub code scanning requires."""
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-2.1.0.json")
    [run] = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "dxscan" and driver["version"]
    ids = [rule["id"] for rule in driver["rules"]]
    assert len(ids) == len(set(ids))
    for rule in driver["rules"]:
        assert rule["shortDescription"]["text"] and rule["help"]["text"] and rule["help"]["markdown"]
        assert rule["defaultConfiguration"]["level"] in ("error", "warning", "note")
    for result in run["results"]:
        assert ids[result["ruleIndex"]] == result["ruleId"]
        assert result["level"] in ("error", "warning", "note") and result["message"]["text"]
        assert result["partialFingerprints"]
    return run


def test_scan_sarif(cli):
    _, out = output(cli, "scan", BOOKSHOP, "--format", "sarif")
    run = assert_sarif(json.loads(out))
    internal = next(r for r in run["results"] if r["ruleId"] == "server-internal")
    assert internal["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": BOOKSHOP.as_uri()}, "region": {"startLine": 17, "startColumn": 5}}
    assert internal["locations"][0]["logicalLocations"] == [{"fullyQualifiedName": "/servers/1", "kind": "member"}]
    assert internal["level"] == "warning"
    rule = run["tool"]["driver"]["rules"][internal["ruleIndex"]]
    assert rule["help"]["markdown"].startswith("**Why it matters:**")


def test_scan_sarif_uses_relative_paths_for_files_below_the_current_folder(cli, monkeypatch):
    monkeypatch.chdir(FIXTURES.parent)
    _, out = output(cli, "scan", "fixtures/bookshop.yaml", "--format", "sarif")
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in json.loads(out)["runs"][0]["results"]
            if "physicalLocation" in r["locations"][0]}
    assert uris == {"fixtures/bookshop.yaml"}


def test_scan_junit(cli):
    _, out = output(cli, "scan", BOOKSHOP, "--format", "junit")
    root = ElementTree.fromstring(out)
    assert root.tag == "testsuites"
    suites = {suite.get("name"): suite for suite in root}
    assert set(suites) == {"versioning", "auth", "rate_limits", "naming", "documentation", "abstraction"}
    cases = {case.get("name").split(":")[0]: case for suite in root for case in suite}
    failure = cases["server-internal"].find("failure")
    [internal] = [f for f in scan_findings(cli, BOOKSHOP) if f["rule"] == "server-internal"]
    assert failure.get("type") == "warning"
    assert failure.text == f"{BOOKSHOP}:17:5: warning: {internal['message']}"
    assert int(root.get("tests")) == sum(int(s.get("tests")) for s in root)
    assert int(root.get("failures")) == sum(1 for case in cases.values() if case.find("failure") is not None)


def test_scan_github_annotations_and_automatic_choice(cli, monkeypatch):
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.chdir(FIXTURES.parent)
    _, out = output(cli, "scan", "fixtures/bookshop.yaml")
    lines = out.splitlines()
    assert all(ANNOTATION.match(line) for line in lines), lines
    findings = scan_findings(cli, "fixtures/bookshop.yaml")
    assert lines[:-1] == [f"::{COMMAND[f['severity']]} file=fixtures/bookshop.yaml,line={f['location']['line']},"
                          f"col={f['location']['column']},title=dxscan {f['rule']}::{f['message']}" for f in findings]
    [internal] = [line for line in lines if "server-internal" in line]
    assert internal.startswith("::warning file=fixtures/bookshop.yaml,line=17,col=5,title=dxscan server-internal::server ")
    assert lines[-1].startswith("::notice title=dxscan fixtures/bookshop.yaml::DX score ")
    monkeypatch.delenv("GITHUB_ACTIONS")
    assert not output(cli, "scan", "fixtures/bookshop.yaml")[1].startswith("::")


def test_github_escapes_newlines_and_property_separators():
    from dxscan.report.ci import github_line
    from dxscan.results import Location

    line = github_line("error", "100% broken\nsecond line", Location("a,b.yaml", 3, 1), "t: x")
    assert line == "::error file=a%2Cb.yaml,line=3,col=1,title=t%3A x::100%25 broken%0Asecond line"


def test_diff_sarif(cli):
    code, out = output(cli, "diff", PAIR / "base.yaml", PAIR / "head.yaml", "--format", "sarif")
    run = assert_sarif(json.loads(out))
    [result] = run["results"]
    assert (code, result["ruleId"], result["level"]) == (1, "response-property-became-optional", "error")
    assert result["locations"][0]["physicalLocation"]["region"] == {"startLine": 21, "startColumn": 9}
    assert run["tool"]["driver"]["rules"][0]["help"]["text"].startswith("Clients that rely on it")


def test_diff_junit(cli):
    _, out = output(cli, "diff", PAIR / "base.yaml", PAIR / "head.yaml", "--format", "junit")
    root = ElementTree.fromstring(out)
    suites = {suite.get("name"): suite for suite in root}
    assert set(suites) == {"dxscan diff: breaking", "dxscan diff: regression", "dxscan diff: gate"}
    [breaking] = list(suites["dxscan diff: breaking"])
    assert breaking.find("failure").get("message") == "response property 'Pet.name' became optional: clients may not find it"
    assert suites["dxscan diff: gate"][0].find("failure").get("message") == "1 breaking change"


def test_diff_github(cli):
    code, out = output(cli, "diff", PAIR / "base.yaml", PAIR / "head.yaml", "--format", "github")
    lines = out.splitlines()
    assert code == 1 and all(ANNOTATION.match(line) for line in lines), lines
    assert lines[0].startswith(f"::error file={PAIR / 'head.yaml'},line=21,col=9,title=dxscan response-property-became-optional::")
