"""near-duplicate-schemas compares pairs within a budget: a spec of schemas all alike (a hostile pull
request, or a generator's output) cannot make the scan cost the square of its schemas."""

from __future__ import annotations

from dxscan.graph import analysis
from dxscan.scan.pipeline import scan


def _alike(count: int) -> dict[str, frozenset]:
    """COUNT schemas with the same six (property, type) pairs: every pair of them is a candidate."""
    prints = frozenset((f"p{index}", "string") for index in range(6))
    return {f"/components/schemas/S{number}": prints for number in range(count)}


def test_schemas_all_alike_are_compared_only_up_to_the_budget():
    prints = _alike(3000)  # 4.5 million pairs
    budget = analysis.PAIR_BUDGET_BASE + analysis.PAIR_BUDGET_EACH * len(prints)
    found = analysis._similar_pairs(prints, 0.8)
    assert len(found) == budget
    assert all(similarity == 1.0 for _, _, similarity in found)


def test_under_the_budget_every_similar_pair_is_found():
    prints = _alike(100)  # 4,950 pairs, under the budget of 13,000
    assert len(analysis._similar_pairs(prints, 0.8)) == 100 * 99 // 2


def test_a_spec_of_identical_schemas_still_reports_its_copies(write):
    schemas = "".join(
        f"    S{number}:\n      properties: {{a: {{type: string}}, b: {{type: string}}, c: {{type: string}}, "
        f"d: {{type: string}}, e: {{type: string}}, f: {{type: string}}}}\n"
        for number in range(150)
    )
    spec = write("openapi: 3.0.3\ninfo: {title: Alike, version: 1.0.0}\npaths: {}\ncomponents:\n  schemas:\n" + schemas)
    report = scan(str(spec))
    copies = [f for f in report.findings if f.rule == "near-duplicate-schemas"]
    assert len(copies) == 149  # 11,175 pairs, under the budget: every schema but the canonical one is a copy
