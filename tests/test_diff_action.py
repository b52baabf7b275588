"""The GitHub Action's script (action.yml, step "Run dxscan"), run for real with bash in a temporary
repository, with the variables a pull_request run sets: annotations on stdout, the Markdown report
in the job summary, the step's exit code by the gate."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import FIXTURES, ROOT

DXSCAN = Path(sys.executable).parent / "dxscan"
pytestmark = pytest.mark.skipif(shutil.which("git") is None or shutil.which("bash") is None or not DXSCAN.exists(),
                                reason="needs git, bash and the dxscan script")
PAIR = FIXTURES / "diff" / "response-property-became-optional"
LAST_STDERR: list[str] = []


def action_script() -> str:
    action = yaml.safe_load((ROOT / "action.yml").read_text())
    [step] = [s for s in action["runs"]["steps"] if s.get("id") == "dxscan"]
    assert set(step["env"]) >= {"INPUT_SPEC", "INPUT_COMMAND", "INPUT_BASE", "INPUT_FAIL_ON", "PR_BASE_SHA"}
    return step["run"]


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
                          capture_output=True, text=True, check=True).stdout.strip()


def run_action(repo: Path, tmp_path: Path, **inputs: str) -> tuple[int, str, str, str]:
    """(exit code, standard output, job summary, step outputs); standard error in LAST_STDERR."""
    summary, outputs = tmp_path / "summary.md", tmp_path / "outputs.txt"
    environment = {**os.environ, "PATH": f"{DXSCAN.parent}{os.pathsep}{os.environ['PATH']}",
                   "GITHUB_STEP_SUMMARY": str(summary), "GITHUB_OUTPUT": str(outputs), "GITHUB_ACTIONS": "true",
                   "INPUT_COMMAND": "auto", "INPUT_BASE": "", "INPUT_FAIL_ON": "", "INPUT_MAX_SCORE_DROP": "2",
                   "INPUT_BASELINE": "", "INPUT_ARGS": "", **inputs}
    done = subprocess.run(["bash", "-c", action_script()], check=False, cwd=repo, env=environment, capture_output=True, text=True)
    LAST_STDERR[:] = [done.stderr]
    return done.returncode, done.stdout, summary.read_text() if summary.exists() else "", outputs.read_text()


@pytest.fixture
def repo(tmp_path):
    root = tmp_path / "repo"
    (root / "api").mkdir(parents=True)
    shutil.copy(PAIR / "base.yaml", root / "api" / "openapi.yaml")
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "base")
    shutil.copy(PAIR / "head.yaml", root / "api" / "openapi.yaml")
    git(root, "commit", "-q", "-am", "head")
    return root


def test_pull_request_diff_fails_the_step_on_a_breaking_change(repo, tmp_path):
    base = git(repo, "rev-parse", "HEAD~1")
    code, out, summary, outputs = run_action(repo, tmp_path, INPUT_SPEC="api/openapi.yaml", PR_BASE_SHA=base)
    assert code == 1
    assert out.splitlines()[0].startswith(
        "::error file=api/openapi.yaml,line=21,col=9,title=dxscan response-property-became-optional::response property 'Pet.name'")
    assert summary.startswith("## ❌ dxscan: 1 breaking change\n")
    assert outputs.splitlines() == ["command=diff", "exit-code=1"]


def test_a_spec_new_in_the_pull_request_is_scanned_alone(repo, tmp_path):
    base = git(repo, "rev-parse", "HEAD~1")
    shutil.copy(FIXTURES / "bookshop.yaml", repo / "bookshop.yaml")
    (repo / ".dxscan.yaml").write_text("preview: true\n", encoding="utf-8")  # every rule scored, whatever rules/precision.yaml says
    code, out, summary, outputs = run_action(repo, tmp_path, INPUT_SPEC="bookshop.yaml", PR_BASE_SHA=base)
    assert code == 0
    assert out.startswith(f"::notice title=dxscan::bookshop.yaml does not exist at {base}; scanning it alone\n")
    assert "::warning file=bookshop.yaml,line=17,col=5,title=dxscan server-internal::" in out
    assert summary.startswith("## DX scorecard: Bookshop API 2.3.0")
    assert outputs.splitlines() == ["command=scan", "exit-code=0"]


# The README's example input, `fail-on: regression`, in each kind of run: each command gets its own
# word for it (before, scan was given 'regression' and exited 2).

def warnings_or_worse(spec: Path) -> int:
    """What the script's scan finds at warning or worse, counted from the same command's JSON (which
    rules are preview, and so reported at info, is generated data: rules/precision.yaml)."""
    done = subprocess.run([str(DXSCAN), "scan", str(spec), "--format", "json", "--no-cache"], capture_output=True, text=True, check=False)
    return sum(1 for finding in json.loads(done.stdout)["findings"] if finding["severity"] in ("error", "warning"))


def test_readme_example_on_a_push_scans_with_the_scan_gate(repo, tmp_path):
    code, out, summary, outputs = run_action(repo, tmp_path, INPUT_SPEC="api/openapi.yaml", INPUT_FAIL_ON="regression")
    assert code == 1
    assert out.startswith("::warning file=api/openapi.yaml,")
    count = warnings_or_worse(repo / "api" / "openapi.yaml")
    assert LAST_STDERR[0] == f"dxscan: FAIL: api/openapi.yaml: {count} findings at warning or worse (--fail-on warning)\n"
    assert summary.startswith("## DX scorecard: Pets")
    assert outputs.splitlines() == ["command=scan", "exit-code=1"]


def test_readme_example_on_a_spec_new_in_the_pull_request(repo, tmp_path):
    base = git(repo, "rev-parse", "HEAD~1")
    shutil.copy(FIXTURES / "bookshop.yaml", repo / "bookshop.yaml")
    code, out, _, outputs = run_action(repo, tmp_path, INPUT_SPEC="bookshop.yaml", PR_BASE_SHA=base, INPUT_FAIL_ON="regression")
    assert code == 1
    assert out.startswith(f"::notice title=dxscan::bookshop.yaml does not exist at {base}; scanning it alone\n")
    count = warnings_or_worse(repo / "bookshop.yaml")
    assert LAST_STDERR[0] == f"dxscan: FAIL: bookshop.yaml: {count} findings at warning or worse (--fail-on warning)\n"
    assert outputs.splitlines() == ["command=scan", "exit-code=1"]


@pytest.mark.parametrize(("fail_on", "gate"), [("regression", "regression"), ("error", "breaking"), ("none", "none")])
def test_readme_example_on_a_pull_request_diffs_with_the_diff_gate(repo, tmp_path, fail_on, gate):
    base = git(repo, "rev-parse", "HEAD~1")
    code, _, _, outputs = run_action(repo, tmp_path, INPUT_SPEC="api/openapi.yaml", PR_BASE_SHA=base, INPUT_FAIL_ON=fail_on)
    assert code == (0 if gate == "none" else 1)
    assert LAST_STDERR[0] == ("" if gate == "none" else
                              f"dxscan: FAIL: {base}:api/openapi.yaml -> api/openapi.yaml: 1 breaking change "
                              f"(--fail-on {gate}, --max-score-drop 2)\n")
    assert outputs.splitlines() == ["command=diff", f"exit-code={code}"]
