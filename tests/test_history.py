"""`dxscan history`: small git repositories built in tmp_path, one commit per version."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from dxscan.history import GitError, Selection, history
from dxscan.history import score as scoring
from dxscan.report import HISTORY, render
from dxscan.report.history_csv import COLUMNS
from tests.conftest import FIXTURES, ROOT
from tests.test_report_html_browser import CHROMIUM, chromium, read_png

PETS = FIXTURES / "history"
COLUMNS_LINE = ",".join(COLUMNS) + "\n"


class Repo:
    """A git repository whose commits are dated one day apart (2024-01-01, -02, ...)."""

    def __init__(self, path: Path):
        self.path = path
        self.days = 0
        path.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main")
        self.git("config", "user.email", "t@example.com")
        self.git("config", "user.name", "Test")

    def git(self, *args: str) -> str:
        return subprocess.run(["git", "-C", str(self.path), *args], capture_output=True, text=True, check=True).stdout

    def commit(self, message: str, files: dict[str, str | Path | None]) -> str:
        """Write (text, or a fixture's content) or delete (None) the files, and commit."""
        for name, content in files.items():
            target = self.path / name
            if content is None:
                target.unlink()
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(content.read_text() if isinstance(content, Path) else content)
        self.days += 1
        date = f"2024-01-{self.days:02d}T12:00:00Z"
        subprocess.run(["git", "-C", str(self.path), "add", "-A"], check=True)
        subprocess.run(["git", "-C", str(self.path), "commit", "-q", "-m", message], check=True,
                       env={"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date, "PATH": "/usr/bin:/bin", "HOME": str(self.path)})
        return self.git("rev-parse", "HEAD").strip()


@pytest.fixture(autouse=True)
def own_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


def make_pets(path: Path) -> Repo:
    """v1 (tagged v1.0), an unrelated commit, v2 (descriptions added, tagged v2.0), v3 (DELETE removed)."""
    repo = Repo(path)
    repo.commit("v1", {"api/openapi.yaml": PETS / "pets-v1.yaml"})
    repo.git("tag", "v1.0")
    repo.commit("readme", {"README.md": "# pets\n"})
    repo.commit("v2", {"api/openapi.yaml": PETS / "pets-v2.yaml"})
    repo.git("tag", "v2.0")
    repo.commit("v3", {"api/openapi.yaml": PETS / "pets-v3.yaml"})
    return repo


@pytest.fixture(scope="module")
def pets(tmp_path_factory):
    """The pets repository, read only (tests that commit make their own)."""
    return make_pets(tmp_path_factory.mktemp("pets"))


@pytest.fixture(scope="module")
def pets_history(pets):
    return run(pets)


def run(repo: Repo, path: str = "api/openapi.yaml", **selection) -> object:
    return history(str(repo.path / path), Selection(**selection), jobs=1)


DIMENSION_SCORES = {"versioning": 25, "auth": 0, "rate_limits": 0, "naming": 100, "abstraction": 100}


def scores(result) -> list[tuple]:
    return [(v.commit.subject, v.scored.score, v.scored.dimension("documentation"), v.scored.operations,
             v.compared and v.compared.breaking, v.compared and v.compared.regressions) for v in result.versions]


def test_every_commit_that_changed_the_spec_is_a_version(pets, pets_history):
    result = pets_history
    assert scores(result) == [("v1", 43, 33, 3, None, None), ("v2", 47, 58, 3, 0, 0), ("v3", 47, 58, 2, 1, 0)]
    assert [v.commit.tags for v in result.versions] == [("v1.0",), ("v2.0",), ()]
    assert [v.commit.date for v in result.versions] == ["2024-01-01T12:00:00Z", "2024-01-03T12:00:00Z", "2024-01-04T12:00:00Z"]
    assert all(v.scored.dimension(name) == value for v in result.versions for name, value in DIMENSION_SCORES.items())
    removed = result.versions[2].compared.changes[0]
    assert (removed.id, removed.kind, removed.count) == ("operation-removed", "breaking", 1)
    assert removed.example == "DELETE /pets/{petId} was removed: calls to it fail"


def test_what_moved_names_the_rules_behind_the_move(pets, pets_history):
    moves = pets_history.moves
    assert [(m.version, m.name, m.before, m.after) for m in moves] == [(1, "documentation", 33, 58), (1, "overall", 43, 47)]
    assert moves[0].reasons == (
        "operation-description: 3 → 0 of 3 operations have no description (+13 points)",
        "operation-summary: 3 → 0 of 3 operations have no summary (+5 points)",
        "schema-description: 1 → 0 of 1 schemas have no useful description (+5 points)",
    )
    assert moves[1].reasons == ("documentation +25",)


def test_summary_paragraph(pets, pets_history):
    result = pets_history
    sha = result.versions[1].commit.sha[:7]
    assert result.summary == (
        "Pets API: 3 versions from 2024-01-01 to 2024-01-04. The DX score went from 43 (F) to 47 (F) (+4); at the end the "
        "best dimension is naming (100) and the worst auth (0); documentation improved most (+25). "
        f"The biggest rise was +4 on 2024-01-03 ({sha}). 1 breaking change in 1 month (1.0 a month) and 0 regressions."
    )


def test_tags_and_a_revision_range(pets):
    assert [v.commit.tags for v in run(pets, tags=True).versions] == [("v1.0",), ("v2.0",)]
    assert [v.commit.subject for v in run(pets, revisions="v1.0..HEAD").versions] == ["v2", "v3"]
    assert [v.commit.subject for v in run(pets, revisions="v2.0").versions] == ["v1", "v2"]
    with pytest.raises(GitError, match="^git knows no revision 'v9'$"):
        run(pets, revisions="v1.0..v9")


def test_every_max_since_until(pets):
    assert [v.commit.subject for v in run(pets, every=2).versions] == ["v1", "v3"]
    assert [v.commit.subject for v in run(pets, newest=2).versions] == ["v2", "v3"]
    assert [v.commit.subject for v in run(pets, since="2024-01-02T00:00:00Z").versions] == ["v2", "v3"]
    assert [v.commit.subject for v in run(pets, until="2024-01-03T13:00:00Z").versions] == ["v1", "v2"]


def test_a_moved_spec_is_followed(tmp_path):
    repo = Repo(tmp_path / "moved")
    repo.commit("v1", {"pets.yaml": PETS / "pets-v1.yaml"})
    repo.git("mv", "pets.yaml", "pets-api.yaml")
    repo.commit("moved", {})
    repo.commit("v2", {"pets-api.yaml": PETS / "pets-v2.yaml"})
    followed = run(repo, "pets-api.yaml", follow=True)
    assert [(v.commit.subject, v.commit.path, v.scored.score) for v in followed.versions] == [
        ("v1", "pets.yaml", 43), ("moved", "pets-api.yaml", 43), ("v2", "pets-api.yaml", 47)]
    assert followed.versions[1].compared.breaking == 0
    assert [v.commit.subject for v in run(repo, "pets-api.yaml").versions] == ["moved", "v2"]


def test_a_broken_version_is_listed_and_the_trend_goes_on(tmp_path):
    repo = Repo(tmp_path / "broken")
    repo.commit("v1", {"openapi.yaml": PETS / "pets-v1.yaml"})
    repo.commit("broken", {"openapi.yaml": PETS / "broken.yaml"})
    repo.commit("not openapi", {"openapi.yaml": "just: a mapping\n"})
    repo.commit("v2", {"openapi.yaml": PETS / "pets-v2.yaml"})
    result = run(repo, "openapi.yaml")
    assert [v.scored.error for v in result.versions] == [
        None, "openapi.yaml:7: invalid YAML: did not find expected ',' or ']'",
        "openapi.yaml: not an OpenAPI or Swagger document: it has no 'openapi' or 'swagger' field", None]
    assert (result.versions[3].compared.breaking, result.versions[3].scored.score) == (0, 47)
    assert [(m.version, m.name) for m in result.moves] == [(3, "documentation"), (3, "overall")]
    assert result.summary.startswith("Pets API: 4 versions from 2024-01-01 to 2024-01-04, 2 of which could not be scored.")


def test_a_referenced_file_that_alone_changed_makes_a_version(tmp_path):
    repo = Repo(tmp_path / "split")
    repo.commit("v1", {"api/openapi.yaml": PETS / "split/openapi.yaml", "api/pet.yaml": PETS / "split/pet-v1.yaml"})
    repo.commit("unrelated", {"api/notes.yaml": "a: 1\n"})
    repo.commit("pet loses its tag", {"api/pet.yaml": PETS / "split/pet-v2.yaml"})
    result = run(repo)
    assert [v.commit.subject for v in result.versions] == ["v1", "pet loses its tag"]
    change = result.versions[1].compared.changes[0]
    assert (change.id, change.kind, change.count) == ("response-property-removed", "breaking", 1)


def test_unchanged_content_is_scored_once_and_a_rerun_comes_from_the_cache(tmp_path, monkeypatch):
    pets = make_pets(tmp_path / "pets")
    pets.commit("back to v1", {"api/openapi.yaml": PETS / "pets-v1.yaml"})
    loaded = []
    real = scoring.load_revision
    monkeypatch.setattr(scoring, "load_revision", lambda *args: loaded.append(args[0].revision) or real(*args))
    first = run(pets)
    assert len(first.versions) == 4 and len(loaded) == 4  # v1 and "back to v1" share a key, but are compared to different bases
    loaded.clear()
    assert run(pets) == first
    assert loaded == []
    pets.git("tag", "v1.0.1", "HEAD~3")  # the readme commit: the same spec as v1.0
    tagged = history(str(pets.path / "api/openapi.yaml"), Selection(tags=True), jobs=1, use_cache=False)
    assert [(v.commit.tags, v.score, v.compared and v.compared.changes) for v in tagged.versions] == [
        (("v1.0",), 43, None), (("v1.0.1",), 43, ()), (("v2.0",), 47, tagged.versions[2].compared.changes)]
    assert len(loaded) == 2


def test_config_at_each_commit_or_one_fixed_yardstick(tmp_path):
    from dxscan.config import Config

    pets = make_pets(tmp_path / "pets")
    pets.commit("relax", {"api/.dxscan.yaml": "rules:\n  operation-summary: {enabled: false}\n"})
    pets.commit("v4", {"api/openapi.yaml": PETS / "pets-v1.yaml"})
    at_commit = run(pets).versions[-1]
    fixed = history(str(pets.path / "api/openapi.yaml"), Selection(), config=Config(), jobs=1).versions[-1]
    assert (at_commit.commit.subject, at_commit.scored.dimension("documentation"), fixed.scored.dimension("documentation")) == (
        "v4", 35, 33)


def test_a_shallow_clone_says_what_it_saw(pets, tmp_path):
    clone = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "2", pets.path.as_uri(), str(clone)], check=True)
    result = history(str(clone / "api/openapi.yaml"), Selection(), jobs=1)
    assert [v.commit.subject for v in result.versions] == ["v2", "v3"]
    assert result.notes == (("shallow clone: git showed 2 commits touching the spec; run `git fetch --unshallow` "
                            "(or `git fetch --deepen=N`) for the whole history"),)


# --- formats ---------------------------------------------------------------------------------

def test_text_fits_80_columns_with_sparklines(pets, pets_history):
    text = render(HISTORY, "text", pets_history)
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert "overall           43    47   43  ▁██" in lines
    assert "  +25 documentation    33 → 58  2024-01-03 " + pets.git("rev-parse", "--short=7", "v2.0").strip() + " v2.0" in lines
    assert lines[-1].endswith("47 F    25    0    0  100   58  100    2   1   0")


def test_json_lines(pets, pets_history):
    result = pets_history
    lines = [json.loads(line) for line in render(HISTORY, "json", result).splitlines()]
    assert [(line["schema"], line["record"]) for line in lines] == [("dxscan.history/1", "history")] + [
        ("dxscan.history/1", "version")] * 3
    assert lines[0]["versions"] == 3 and lines[0]["moves"][0]["delta"] == 25
    assert lines[3]["dimensions"]["documentation"] == 58 and lines[3]["breaking"] == 1
    assert lines[3]["changes"] == [{"id": "operation-removed", "kind": "breaking", "count": 1},
                                   {"id": "finding-fixed", "kind": "improvement", "count": 2}]
    assert lines[1]["commit"] == result.versions[0].commit.sha and lines[2]["tags"] == ["v2.0"]


def test_csv_rows(pets, pets_history):
    rows = list(csv.DictReader(io.StringIO(render(HISTORY, "csv", pets_history))))
    assert [(r["score"], r["documentation"], r["breaking"], r["tags"], r["subject"]) for r in rows] == [
        ("43", "33", "", "v1.0", "v1"), ("47", "58", "0", "v2.0", "v2"), ("47", "58", "1", "", "v3")]


def test_markdown(pets, pets_history):
    text = render(HISTORY, "markdown", pets_history)
    assert text.startswith("## DX history: Pets API\n")
    assert "| documentation | 33 | 58 | +25 | ▁██ |" in text
    assert "- **+25 documentation** (33 → 58) on 2024-01-03" in text
    assert text.count("\n| 2024-01-") == 3


def test_html_page(pets, pets_history):
    page = render(HISTORY, "html", pets_history)
    assert page.count('<path class="series"') == 7
    assert page.count('<circle class="move"') == 2
    assert page.count('<rect class="breaking"') == 1
    assert page.count('<g class="tag">') == 2
    assert len(re.findall(r"<tr data-commit=", page)) == 3
    assert "http" not in page.replace("http-", "")  # nothing fetched


# --- the command -----------------------------------------------------------------------------

def test_cli_formats_and_errors(cli, pets, tmp_path):
    spec = str(pets.path / "api/openapi.yaml")
    code, out, _ = cli("history", spec, "-f", "csv")
    assert code == 0 and len(out.splitlines()) == 4
    target = tmp_path / "trend.html"
    assert cli("history", spec, "v2.0", "-f", "html", "-o", str(target))[0] == 0
    assert target.read_text().count("<tr data-commit=") == 2
    assert cli("history", spec, "-f", "pdf")[2] == "dxscan: unknown format 'pdf'; expected one of text, json, csv, markdown, html\n"
    assert cli("history", spec, "nope")[:3:2] == (2, "dxscan: git knows no revision 'nope'\n")
    assert cli("history", str(pets.path / "api/nope.yaml"))[:3:2] == (2, "dxscan: api/nope.yaml: no commit of HEAD has this file\n")
    assert cli("history", spec, "--since", "2030-01-01", "-f", "csv")[:2] == (0, COLUMNS_LINE)  # a quiet window is no error
    outside = tmp_path / "plain" / "openapi.yaml"
    outside.parent.mkdir()
    outside.write_text("openapi: 3.0.3\n")
    assert cli("history", str(outside))[:3:2] == (2, f"dxscan: {outside}: not inside a git repository\n")


@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs headless Chromium at /usr/bin/chromium (apt-get install -y chromium)")
def test_html_in_a_browser(pets_history, tmp_path):
    path = tmp_path / "history.html"
    path.write_text(render(HISTORY, "html", pets_history), encoding="utf-8")
    dom = chromium(tmp_path, "--dump-dom", f"{path.as_uri()}?move=0&hide=auth").stdout
    assert 'data-ready="yes"' in dom  # the script ran to its end
    assert re.search(r'<div id="explain" class="explain" data-move="0"><b>\+25 documentation \(33 → 58\)</b> on 2024-01-03', dom)
    assert "<li>operation-description: 3 → 0 of 3 operations have no description (+13 points)</li>" in dom
    assert re.search(r'<circle class="move pinned" data-move="0"', dom)
    assert re.search(r'<path class="series" data-series="auth" [^>]*style="display: none;"', dom)
    assert '<label data-series="auth" class="off">' in dom
    shot = tmp_path / "history.png"
    chromium(tmp_path, "--hide-scrollbars", "--window-size=1100,900", f"--screenshot={shot}", path.as_uri())
    width, height, pixels = read_png(shot.read_bytes())
    assert (width, height) == (1100, 900) and len(set(pixels)) > 50


def test_the_action_writes_the_trend_page(pets, tmp_path):
    action = yaml.safe_load((ROOT / "action.yml").read_text())
    [step] = [s for s in action["runs"]["steps"] if s.get("name") == "Write the DX history page"]
    summary = tmp_path / "summary.md"
    environment = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
                   "GITHUB_STEP_SUMMARY": str(summary), "INPUT_SPEC": "api/openapi.yaml",
                   "HISTORY_OUTPUT": str(tmp_path / "site/index.html"), "HISTORY_ARGS": "--tags"}
    done = subprocess.run(["bash", "-c", step["run"]], check=False, cwd=pets.path, env=environment, capture_output=True, text=True)
    assert (done.returncode, done.stderr) == (0, "")
    assert (tmp_path / "site/index.html").read_text().count("<tr data-commit=") == 2
    assert summary.read_text().startswith("## DX history: Pets API\n")


def test_prune_leaves_out_only_paths_that_cannot_have_changed():
    from dxscan.history.prune import unchanged_paths

    def spec(owner_name: str = "string", pet_name: str = "string", servers: tuple = ()) -> dict:
        return {"openapi": "3.0.3", "servers": list(servers), "paths": {
            "/pets": {"get": {"responses": {"200": {"$ref": "#/components/responses/Pets"}}}},
            "/owners": {"get": {"responses": {"200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Owner"}}}}}}},
            "/health": {"get": {"responses": {"204": {"description": "up"}}}},
        }, "components": {
            "responses": {"Pets": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}}}},
            "schemas": {"Pet": {"properties": {"name": {"type": pet_name}}},
                        "Owner": {"properties": {"name": {"type": owner_name}}}},
        }}

    assert unchanged_paths(spec(), spec()) == {"/pets", "/owners", "/health"}
    assert unchanged_paths(spec(), spec(owner_name="integer")) == {"/pets", "/health"}
    assert unchanged_paths(spec(), spec(pet_name="integer")) == {"/owners", "/health"}  # through the Pets response
    assert unchanged_paths(spec(), spec(servers=({"url": "https://x"},))) == set()
    swagger = {**spec(), "openapi": None, "swagger": "2.0"}
    assert unchanged_paths(swagger, swagger) == set()
    elsewhere = spec()
    elsewhere["paths"]["/health"]["get"]["responses"]["204"] = {"$ref": "./health.yaml"}
    assert unchanged_paths(elsewhere, elsewhere) == set()


def _score_or_die(task):
    """score_run's stand-in: the task named 'doomed' kills its worker, as the OOM killer would."""
    if task.name == "doomed":
        os._exit(9)
    yield from (f"{task.name}:{item}" for item in task.items)


DIED = ("a worker process died while scoring versions (out of memory?); "
        "try --jobs 1, or fewer versions with --every or --newest")


def _run_to_its_end(names_and_items: list[tuple[str, tuple[int, ...]]]) -> dict[str, object]:
    """run_tasks over these tasks with two workers, in a thread: what it returned or the
    WorkerDied it raised. The 120 s join guards against a hang; it is not a timing (the run ends
    within a second)."""
    import threading
    from types import SimpleNamespace

    tasks = [SimpleNamespace(name=name, items=items) for name, items in names_and_items]
    outcome: dict[str, object] = {}

    def consume() -> None:
        try:
            outcome["received"] = list(scoring.run_tasks(tasks, 2, lambda: None))
        except scoring.WorkerDied as error:
            outcome["error"] = str(error)

    worker = threading.Thread(target=consume, daemon=True)
    worker.start()
    worker.join(120)
    assert not worker.is_alive(), "run_tasks hung after a worker died"
    return outcome


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the stand-in reaches the workers by fork")
def test_a_worker_that_dies_ends_the_run_instead_of_hanging_it(monkeypatch):
    """Was: the pool replaced the dead worker, its task was lost, and history waited for ever."""
    monkeypatch.setattr(scoring, "score_run", _score_or_die)
    assert _run_to_its_end([("first", (1, 2)), ("doomed", (3,)), ("last", (4,))]) == {"error": DIED}


def _start_silently(results):
    """_start_worker's stand-in: its 'started' message lost, as when the worker is killed before
    its queue's thread sends it."""
    scoring._RESULTS = results


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the stand-in reaches the workers by fork")
def test_a_worker_that_dies_before_saying_it_started_still_ends_the_run(monkeypatch):
    """Was: counting starts alone missed it, and the run hung one time in ten on a busy machine."""
    monkeypatch.setattr(scoring, "score_run", _score_or_die)
    monkeypatch.setattr(scoring, "_start_worker", _start_silently)
    assert _run_to_its_end([("first", (1, 2)), ("doomed", (3,))]) == {"error": DIED}
