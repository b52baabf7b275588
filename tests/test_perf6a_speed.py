"""Issue 14, sixth pass (the graph's analyses after it is built): what the speed work must not
change. fixtures/perf6/copies.yaml repeats a small shop under `r2_` (and a photo under `r3_`), as
the synthetic copies of an API do: equal (property, type) sets, schemas in several roles, storage
keys and identities met again in the copy."""

from __future__ import annotations

from dxscan.catalogue import catalogue
from dxscan.checks import Context, check_function, rule_options
from dxscan.graph import analysis
from dxscan.graph.analysis import Duplicate, duplicates
from dxscan.graph.build import build_graph
from dxscan.load.loader import load
from dxscan.scan.pipeline import as_openapi
from tests.conftest import FIXTURES

SCHEMAS = "/components/schemas/"


def _spec():
    return as_openapi(load(str(FIXTURES / "perf6" / "copies.yaml")))


def _hits(rule_id: str) -> list[tuple[str, str, str]]:
    context = Context(_spec())
    rule = catalogue()[rule_id]
    context.options = rule_options(rule, context.config)
    return [(hit.pointer, hit.message, hit.key) for hit in check_function(rule)(context)]


def test_copies_of_schemas_are_reported_against_the_same_partners():
    """Photo's three copies form one cluster with Photo as its original (the most referenced);
    PhotoSummary is a summary of Photo by name (a variant) but a copy of r3_Photo; Pet and r2_Pet
    differ in what they reference; PetInput is built on Pet."""
    assert duplicates(build_graph(_spec()), 0.8, 5) == (
        Duplicate(SCHEMAS + "PhotoSummary", SCHEMAS + "r3_Photo", 1.0, 5, 5),
        Duplicate(SCHEMAS + "UploadPhoto", SCHEMAS + "Photo", 1.0, 5, 5),
        Duplicate(SCHEMAS + "r2_Owner", SCHEMAS + "Owner", 1.0, 6, 6),
        Duplicate(SCHEMAS + "r2_Photo", SCHEMAS + "Photo", 1.0, 5, 5),
        Duplicate(SCHEMAS + "r3_Photo", SCHEMAS + "Photo", 1.0, 5, 5),
    )


def test_equal_property_sets_are_one_object():
    prints = analysis._fingerprints(build_graph(_spec()))
    photos = [prints[SCHEMAS + name] for name in ("Photo", "r2_Photo", "r3_Photo", "PhotoSummary", "UploadPhoto")]
    assert all(found is photos[0] for found in photos)
    assert prints[SCHEMAS + "Owner"] is prints[SCHEMAS + "r2_Owner"]
    assert prints[SCHEMAS + "Pet"] is not prints[SCHEMAS + "r2_Pet"]  # they reference different schemas
    assert prints[SCHEMAS + "Pet"] != prints[SCHEMAS + "r2_Pet"]


def test_similar_pairs_do_not_depend_on_sets_being_shared():
    """Equal sets as one object (scored once per pair of objects) or as separate objects: the
    same pairs with the same similarities."""
    base = [("id", "string"), ("name", "string"), ("tag", "string"), ("size", "integer")]
    sets = {"A": base, "B": base, "C": base + [("legs", "integer")], "D": base + [("wings", "integer")],
            "E": [("x", "string"), ("y", "string")]}
    shared = {name: frozenset(tokens) for name, tokens in sets.items()}
    shared["B"] = shared["A"]
    apart = {name: frozenset(tokens) for name, tokens in sets.items()}
    assert analysis._similar_pairs(shared, 0.4) == analysis._similar_pairs(apart, 0.4)
    assert [(a, b, round(similarity, 6)) for a, b, similarity in analysis._similar_pairs(shared, 0.4)] == [
        ("A", "B", 1.0), ("A", "C", 0.475115), ("A", "D", 0.475115), ("B", "C", 0.475115), ("B", "D", 0.475115),
    ]


def test_roles_are_every_combination_of_the_ways_operations_use_a_schema():
    roles = analysis._roles(build_graph(_spec()))
    assert {pointer: sorted(found) for pointer, found in roles.items() if pointer.startswith(SCHEMAS)} == {
        SCHEMAS + "Owner": ["create", "response", "update"],  # a PUT's body, held by Pet, and by PetInput's base
        SCHEMAS + "Pet": ["create", "response"],
        SCHEMAS + "PetInput": ["create"],
        SCHEMAS + "PetPatch": ["update"],
        SCHEMAS + "Photo": ["create", "response"],
        SCHEMAS + "UploadPhoto": ["create"],
        SCHEMAS + "r2_Owner": ["create", "response"],
        SCHEMAS + "r2_Pet": ["response"],
        SCHEMAS + "r2_Photo": ["response"],
    }


def test_storage_keys_and_identities_of_a_copy_are_reported_too():
    """Each name is judged once; the copy holding the same names still gets its own hits."""
    assert _hits("internal-id-exposure") == [
        (SCHEMAS + "Owner", "schema 'Owner' exposes storage keys 'user_fk'", "storage"),
        (SCHEMAS + "Owner", "schema 'Owner' carries 2 identities ('id', 'uuid'): which one do clients use?", "identities"),
        (SCHEMAS + "r2_Owner", "schema 'r2_Owner' exposes storage keys 'user_fk'", "storage"),
        (SCHEMAS + "r2_Owner", "schema 'r2_Owner' carries 2 identities ('id', 'uuid'): which one do clients use?",
         "identities"),
        ("/paths/~1pets~1{petId}~1delete/get/parameters/1", "parameter 'user_fk' of GET /pets/{petId}/delete is a storage key",
         "storage"),
    ]


def test_a_post_naming_a_verb_in_an_api_that_is_not_rpc_style_is_reported():
    """The RPC-style test is made at the first POST naming a verb; this API is not RPC-style."""
    assert _hits("method-tunnelling") == [
        ("/paths/~1pets~1{petId}~1delete/get",
         "GET /pets/{petId}/delete tunnels 'delete' through GET; a crawler or a link prefetch can trigger it", "delete"),
        ("/paths/~1r2~1pets~1{petId}~1remove/post", "POST /r2/pets/{petId}/remove tunnels 'remove' through POST", "remove"),
    ]
