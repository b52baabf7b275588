"""`dxscan diff REV:path path` in a real temporary git repository holding a spec split into files:
the revision's referenced files are read from git, and locations name the revision."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from tests.conftest import FIXTURES

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

SPLIT = FIXTURES / "diff" / "split" / "head"


def git(repo, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
                          capture_output=True, text=True, check=True)
    return done.stdout


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """Two commits of a multi-file spec: the second removes `tag` from a referenced schema file and
    adds a required `species`; the working tree is the second commit. The current folder is the
    repository."""
    root = tmp_path / "repo"
    shutil.copytree(SPLIT, root / "spec")
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "v1")
    schema = root / "spec" / "schemas" / "new-pet.yaml"
    schema.write_text(
        "type: object\nrequired: [name, species]\nproperties:\n"
        "  name: {type: string, maxLength: 100, description: The pet's name.}\n"
        "  species: {type: string, description: 'Cat, dog or rabbit.'}\n")
    git(root, "commit", "-q", "-am", "v2")
    monkeypatch.chdir(root)
    return root


def changes(out: str) -> dict[str, dict]:
    return {c["id"]: c for c in json.loads(out)["changes"]}


def test_diff_against_the_previous_commit_reads_its_referenced_files(cli, repo):
    code, out, err = cli("diff", "HEAD~1:spec/openapi.yaml", "spec/openapi.yaml", "--format", "json")
    assert code == 1, err
    found = changes(out)
    removed = found["response-property-removed"]
    assert removed["pointer"] == "/components/schemas/NewPet/properties/tag"
    assert removed["location"] == {"file": "HEAD~1:spec/schemas/new-pet.yaml", "line": 5, "column": 3}
    assert removed["operations"] == ["GET /pets", "GET /pets/{petId}", "POST /pets"]
    added = found["request-property-added-required"]
    assert added["location"] == {"file": "spec/schemas/new-pet.yaml", "line": 5, "column": 3}
    assert json.loads(out)["base"]["source"] == "HEAD~1:spec/openapi.yaml"


def test_two_revisions_and_a_subfolder(cli, repo, monkeypatch):
    monkeypatch.chdir(repo / "spec")
    code, out, err = cli("diff", "HEAD~1:openapi.yaml", "HEAD:openapi.yaml", "--format", "json")
    assert code == 1, err
    found = changes(out)
    assert found["response-property-removed"]["location"]["file"] == "HEAD~1:schemas/new-pet.yaml"
    assert found["request-property-added-required"]["location"]["file"] == "HEAD:schemas/new-pet.yaml"


def test_the_same_revision_reports_nothing(cli, repo):
    code, out, _ = cli("diff", "HEAD:spec/openapi.yaml", "spec/openapi.yaml", "--format", "json")
    assert (code, json.loads(out)["changes"]) == (0, [])


def test_a_file_deleted_since_is_still_read(cli, repo):
    git(repo, "rm", "-q", "-r", "spec")
    code, out, _ = cli("diff", "HEAD:spec/openapi.yaml", "HEAD~1:spec/openapi.yaml", "--format", "json")
    removed = changes(out)["response-property-removed"]
    assert (code, removed["message"]) == (1, "response property 'NewPet.species' was removed: clients reading it get nothing")
    assert removed["location"] == {"file": "HEAD:spec/schemas/new-pet.yaml", "line": 5, "column": 3}


def test_unknown_revision_or_file_exits_2(cli, repo, tmp_path):
    code, _, err = cli("diff", "nope:spec/openapi.yaml", "spec/openapi.yaml")
    assert (code, err.strip()) == (2, "dxscan: nope:spec/openapi.yaml: git knows no revision 'nope'")
    code, _, err = cli("diff", "HEAD~1:spec/missing.yaml", "spec/openapi.yaml")
    assert (code, err.strip()) == (2, "dxscan: HEAD~1:spec/missing.yaml: no such file at HEAD~1")


def test_outside_a_repository_exits_2(cli, tmp_path, monkeypatch):
    outside = tmp_path / "outside"
    outside.mkdir()
    monkeypatch.chdir(outside)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    code, _, err = cli("diff", "HEAD:openapi.yaml", str(FIXTURES / "bookshop.yaml"))
    assert code == 2 and err.startswith("dxscan: HEAD:openapi.yaml: not inside a git repository")


def test_a_utf16_file_at_a_revision_is_named_as_such(cli, repo):
    """A revision's files are decoded as the working tree's are: a referenced file in UTF-16 is an
    unresolved reference that names UTF-16, not 'not UTF-8 text'."""
    schema = repo / "spec" / "schemas" / "new-pet.yaml"
    schema.write_bytes(schema.read_text().encode("utf-16"))
    git(repo, "commit", "-q", "-am", "v3 in UTF-16")
    code, out, _ = cli("diff", "HEAD~1:spec/openapi.yaml", "HEAD:spec/openapi.yaml", "--format", "json")
    assert code == 1
    unreadable = sorted(c["message"] for c in json.loads(out)["changes"] if "cannot be read" in c["message"])
    assert unreadable[0] == ("unresolved-ref: $ref '../schemas/new-pet.yaml' cannot be read: UTF-16 text; "
                             "dxscan reads UTF-8 (convert it: iconv -f UTF-16 -t UTF-8)")
