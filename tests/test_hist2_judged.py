"""`dxscan history` judges each version against the one before it as `dxscan diff` does, sanctioned
removals included (issue 15)."""

from __future__ import annotations

from dxscan.diff import BREAKING, REGRESSION, diff
from dxscan.history import Selection, history
from tests.test_history import PETS, Repo


def test_breaking_changes_and_regressions_agree_with_the_diff(tmp_path, monkeypatch):
    """v2 removes an operation past its sunset and a schema nothing used. Judged naively, the
    removal alone makes two new warnings (the operation left is now the one unsecured operation;
    'owner_name' is now in the minority casing); `dxscan diff` judges them against v1 with the
    removals made, where they were already there, so it finds no regression of a finding."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    repo = Repo(tmp_path / "repo")
    repo.commit("v1", {"api/openapi.yaml": PETS / "sanctioned-v1.yaml"})
    repo.commit("v2 drops the legacy pets", {"api/openapi.yaml": PETS / "sanctioned-v2.yaml"})
    spec = str(repo.path / "api/openapi.yaml")
    found = history(spec, Selection(), jobs=1).versions[1].compared
    judged = diff(f"HEAD~1:{spec}", f"HEAD:{spec}")
    counted = {(change.id, change.kind): change.count for change in found.changes}
    assert (found.breaking, found.regressions) == (len(judged.of_kind(BREAKING)), len(judged.of_kind(REGRESSION))) == (0, 3)
    assert counted == {("score-dropped", "regression"): 3, ("finding-fixed", "improvement"): 8, ("score-rose", "improvement"): 1,
                       ("path-removed", "info"): 1}
    assert sorted((change.id, change.kind) for change in judged.changes) == sorted(
        key for key, count in counted.items() for _ in range(count))
