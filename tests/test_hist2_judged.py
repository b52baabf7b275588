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
    assert (found.breaking, found.regressions) == (len(judged.of_kind(BREAKING)), len(judged.of_kind(REGRESSION))) == (0, 2)
    assert counted == {("score-dropped", "regression"): 2, ("finding-fixed", "improvement"): 7, ("score-rose", "improvement"): 1,
                       ("path-removed", "info"): 1}
    assert sorted((change.id, change.kind) for change in judged.changes) == sorted(
        key for key, count in counted.items() for _ in range(count))


def _spec(owner_name: str = "string", pet_name: str = "string") -> dict:
    return {"openapi": "3.0.3", "paths": {
        "/pets": {"get": {"responses": {"200": {"$ref": "#/components/responses/Pets"}}},
                  "post": {"requestBody": {"content": {"application/json": {"schema": {
                      "type": "object", "properties": {"name": {"type": "string"}, "owner": {"$ref": "#/components/schemas/Owner"}}}}}},
                      "responses": {"201": {"description": "made"}}}},
        "/owners": {"get": {"responses": {"200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Owner"}}}}}}},
    }, "components": {
        "responses": {"Pets": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}}}},
        "schemas": {"Pet": {"properties": {"name": {"type": pet_name}}},
                    "Owner": {"properties": {"name": {"type": owner_name}}},
                    "Animal": {"oneOf": [{"$ref": "#/components/schemas/Pet"}],
                               "discriminator": {"propertyName": "kind", "mapping": {"pet": "#/components/schemas/Pet"}}}},
    }}


def test_unchanged_components_are_those_equal_with_all_they_reach():
    from dxscan.history.prune import unchanged

    assert unchanged(_spec(), _spec(pet_name="integer")) == (
        {"/owners"}, frozenset({"/components/schemas/Owner"}))
    assert unchanged(_spec(), _spec(owner_name="integer")) == (
        set(), frozenset({"/components/schemas/Pet", "/components/responses/Pets", "/components/schemas/Animal"}))
    encoded = _spec()
    encoded["paths"]["/owners"]["get"]["responses"]["200"]["content"]["application/json"]["schema"] = {"$ref": "#/components/schemas/Own%65r"}
    assert unchanged(encoded, encoded) == (set(), frozenset())


def test_the_structural_diff_finds_the_same_changes_skipping_what_did_not_change(tmp_path):
    import json
    from datetime import date

    from dxscan.diff import structural_changes
    from dxscan.history.prune import pruned
    from dxscan.load.loader import load
    from dxscan.model import Spec

    def loaded(document: dict, name: str = "base.json"):
        (tmp_path / name).write_text(json.dumps(document))
        return load(str(tmp_path / name))

    def found(changes) -> list[tuple]:
        return sorted((c.id, c.kind, c.message, c.pointer, c.operations) for c in changes)

    base, head = loaded(_spec()), loaded(_spec(owner_name="integer"), "head.json")
    lean = pruned(base, head)
    everything = structural_changes(Spec.from_loaded(base), Spec.from_loaded(head), date(2024, 1, 1))
    assert found(structural_changes(Spec.from_loaded(lean.base), Spec.from_loaded(lean.head), date(2024, 1, 1), lean.unchanged)) == found(
        everything) == [  # the inline body of POST /pets is equal in both, but reaches Owner: compared
        ("request-type-narrowed", "breaking", "'Owner.name' accepts integer, no longer string", "/components/schemas/Owner/properties/name",
         ("POST /pets",)),
        ("response-type-changed", "breaking", "'Owner.name' is now integer in responses, was string", "/components/schemas/Owner/properties/name",
         ("GET /owners",))]


def test_the_progress_bar_moves_per_version_with_one_job_or_several(tmp_path, monkeypatch):
    from tests.test_history import make_pets

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    pets = make_pets(tmp_path / "pets")
    spec = str(pets.path / "api/openapi.yaml")
    seen: dict[int, list] = {1: [], 2: []}
    results = {jobs: history(spec, Selection(), jobs=jobs, use_cache=False, progress=lambda *step, jobs=jobs: seen[jobs].append(step))
               for jobs in (1, 2)}
    assert seen[1] == seen[2] == [(0, 3), (1, 3), (2, 3), (3, 3)]
    assert results[1] == results[2]


def test_runs_are_long_and_shorten_towards_the_last_handed_out():
    from dxscan.history.run import run_length

    def runs(versions: int, jobs: int) -> list[int]:
        sizes = []
        while versions > 0:
            sizes.append(min(run_length(versions, jobs), versions))
            versions -= sizes[-1]
        return sizes

    assert runs(404, 2) == [48, 48, 48, 48, 48, 48, 48, 34, 17, 9, 4, 4]  # 11 extra scans, where runs of 16 made 25
    assert runs(404, 1) == [404]
    assert runs(10, 2) == [5, 4, 1]


def test_a_split_spec_whose_referenced_file_alone_changed_agrees_with_the_diff(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    repo = Repo(tmp_path / "split")
    repo.commit("v1", {"api/openapi.yaml": PETS / "split/openapi.yaml", "api/pet.yaml": PETS / "split/pet-v1.yaml"})
    repo.commit("pet loses its tag", {"api/pet.yaml": PETS / "split/pet-v2.yaml"})
    spec = str(repo.path / "api/openapi.yaml")
    found = history(spec, Selection(), jobs=1).versions[1].compared
    judged = diff(f"HEAD~1:{spec}", f"HEAD:{spec}")
    assert [(c.id, c.kind, c.count) for c in found.changes] == [(c.id, c.kind, 1) for c in judged.changes] == [
        ("response-property-removed", "breaking", 1)]
