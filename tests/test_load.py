"""Loading: files, external references inlined with their positions, refusals, bad input."""

from __future__ import annotations

import pytest

from dxscan.load.loader import LoadError, load
from tests.conftest import FIXTURES

MULTI = FIXTURES / "multifile" / "openapi.yaml"


@pytest.fixture(scope="module")
def multi():
    return load(str(MULTI))


def test_external_refs_are_inlined_internal_refs_kept(multi):
    pets = multi.document["paths"]["/v1/pets"]
    assert pets["get"]["operationId"] == "listPets"
    pet = multi.document["paths"]["/v1/pets/{petId}"]
    schema = pet["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert schema == {"$ref": "#/components/schemas/Pet"}


def test_every_file_is_read_once(multi):
    assert sorted(p.replace("\\", "/").split("multifile/")[-1] for p in multi.files) == [
        "openapi.yaml", "paths/pet.yaml", "paths/pets.yaml", "schemas/common.yaml", "schemas/pet.yaml",
    ]


def test_positions_inside_referenced_files(multi):
    where = multi.locate("/paths/~1v1~1pets/get/operationId")
    assert where.file.endswith("paths/pets.yaml") and (where.line, where.column) == (2, 3)
    where = multi.locate("/components/schemas/Error/properties/message")
    assert where.file.endswith("schemas/common.yaml") and where.line == 4


def test_internal_ref_inside_a_referenced_file_is_resolved(multi):
    pet = multi.document["components"]["schemas"]["Pet"]
    assert pet["properties"]["tag"] == {"type": "string", "description": "A free-form label."}


def test_cycle_through_files_is_kept_as_a_qualified_ref(multi):
    parent = multi.document["components"]["schemas"]["Pet"]["properties"]["parent"]
    assert parent["$ref"].endswith("schemas/pet.yaml#")
    assert multi.resolve_ref(parent["$ref"]) is multi.document["components"]["schemas"]["Pet"]


def test_refs_leaving_the_folder_are_refused(tmp_path):
    outside = tmp_path / "outside.yaml"
    outside.write_text("Response: {description: secret}\n")
    spec = tmp_path / "api" / "openapi.yaml"
    spec.parent.mkdir()
    spec.write_text("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    get:\n      responses:\n"
                    "        '200': {$ref: '../outside.yaml#/Response'}\n")
    refused = load(str(spec))
    [problem] = refused.problems
    assert problem.rule == "external-ref-refused" and problem.location.line == 7
    assert refused.document["paths"]["/x"]["get"]["responses"]["200"] == {"$ref": "../outside.yaml#/Response"}
    allowed = load(str(spec), allow_external_refs=True)
    assert allowed.problems == []
    assert allowed.document["paths"]["/x"]["get"]["responses"]["200"] == {"description": "secret"}


def test_url_refs_are_never_fetched():
    loaded = load(str(FIXTURES / "bad" / "external-refs.yaml"))
    assert [p.rule for p in loaded.problems] == ["external-ref-refused", "external-ref-refused"]
    assert "names a URL" in loaded.problems[1].message


def test_missing_file_and_pointer_are_problems_not_errors(write):
    spec = write("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    $ref: 'nope.yaml'\n"
                 "  /y:\n    $ref: 'other.yaml#/missing'\n")
    (spec.parent / "other.yaml").write_text("present: {}\n")
    loaded = load(str(spec))
    assert [(p.rule, p.location.line) for p in loaded.problems] == [("unresolved-ref", 5), ("unresolved-ref", 7)]
    assert "no such file" in loaded.problems[0].message


def test_a_reference_prance_cannot_read_is_a_problem_not_a_crash(write, monkeypatch):
    """prance (imported only for references with a scheme) raises ResolutionError; the loader
    reports it as an unresolved reference."""
    import prance.util.url

    def refuse(base, ref):
        raise prance.util.url.ResolutionError("Cannot build an absolute file URL with a non-file reference!")

    monkeypatch.setattr(prance.util.url, "split_url_reference", refuse)
    spec = write("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    $ref: 'file:odd.yaml'\n")
    loaded = load(str(spec))
    assert [(p.rule, p.location.line) for p in loaded.problems] == [("unresolved-ref", 5)]
    assert "non-file reference" in loaded.problems[0].message


def test_ref_to_a_string_is_left_for_the_validator(write):
    spec = write("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ntags:\n  - name: a\n"
                 "    description: {$ref: 'text.yaml#/intro'}\n")
    (spec.parent / "text.yaml").write_text("intro: Hello\n")
    loaded = load(str(spec))
    assert loaded.document["tags"][0]["description"] == {"$ref": "text.yaml#/intro"}
    assert loaded.resolve_ref(str(spec.parent / "text.yaml") + "#/intro") == "Hello"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("missing.yaml", "missing.yaml: no such file"),
        ("bad/latin1.yaml", "latin1.yaml:2: not UTF-8 text"),
        ("bad/broken.yaml", "broken.yaml:4:10: invalid YAML"),
        ("bad/truncated.json", "truncated.json:4:1: invalid JSON"),
    ],
)
def test_unreadable_input_is_one_clear_error(name, expected):
    with pytest.raises(LoadError) as error:
        load(str(FIXTURES / name))
    assert expected in error.value.one_line()


def has_identity_cycle(node, stack=None, seen=None) -> bool:
    stack, seen = stack if stack is not None else set(), seen if seen is not None else set()
    if not isinstance(node, (dict, list)):
        return False
    if id(node) in stack:
        return True
    if id(node) in seen:
        return False
    seen.add(id(node))
    stack.add(id(node))
    values = node.values() if isinstance(node, dict) else node
    found = any(has_identity_cycle(value, stack, seen) for value in values)
    stack.discard(id(node))
    return found


def test_mutual_recursion_inside_a_file_never_makes_an_object_contain_itself(write):
    spec = write("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    get:\n      responses:\n"
                 "        '200':\n          description: ok\n          content:\n            application/json:\n"
                 "              schema: {$ref: 'defs.yaml#/A', description: kept as a reference}\n")
    (spec.parent / "defs.yaml").write_text(
        "A:\n  type: object\n  properties:\n    b: {$ref: '#/B'}\n"
        "B:\n  type: object\n  properties:\n    a: {$ref: '#/A'}\n    items: {type: array, items: {$ref: '#/B'}}\n"
    )
    loaded = load(str(spec))
    assert not any(has_identity_cycle(parsed.data) for parsed in loaded.files.values())
    assert loaded.problems == []
    kept = loaded.document["paths"]["/x"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert loaded.resolve_ref(kept["$ref"])["properties"]["b"]


@pytest.mark.parametrize("link", ["creds.json", "models"])
def test_a_symbolic_link_out_of_the_folder_is_refused(tmp_path, link):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.json").write_text('{"type": "object", "properties": {"TOPSECRET": {"type": "string"}}}')
    api = tmp_path / "api"
    api.mkdir()
    (api / link).symlink_to(outside / "secret.json" if link == "creds.json" else outside)
    ref = "creds.json" if link == "creds.json" else "models/secret.json"
    spec = api / "openapi.yaml"
    spec.write_text("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n"
                    f"components:\n  schemas:\n    Creds: {{$ref: '{ref}'}}\n")
    refused = load(str(spec))
    [problem] = refused.problems
    assert (problem.rule, problem.location.line) == ("external-ref-refused", 6)
    assert problem.message == (f"$ref '{ref}' leaves the spec's folder through a symbolic link and was not followed "
                               "(use --allow-external-refs)")
    assert refused.document["components"]["schemas"]["Creds"] == {"$ref": ref}
    allowed = load(str(spec), allow_external_refs=True)
    assert "TOPSECRET" in allowed.document["components"]["schemas"]["Creds"]["properties"]


def test_a_symbolic_link_within_the_folder_is_followed(tmp_path):
    (tmp_path / "real.json").write_text('{"type": "string"}')
    (tmp_path / "alias.json").symlink_to(tmp_path / "real.json")
    spec = tmp_path / "openapi.yaml"
    spec.write_text("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n"
                    "components:\n  schemas:\n    S: {$ref: 'alias.json'}\n")
    loaded = load(str(spec))
    assert loaded.problems == []
    assert loaded.document["components"]["schemas"]["S"] == {"type": "string"}
