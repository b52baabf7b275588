"""The abstraction dimension's grade and summary: graph metrics count only as far as findings back
them, and the summary says what sets the grade without contradicting itself."""

from __future__ import annotations

from dxscan.scan.pipeline import scan
from tests.conftest import FIXTURES


def abstraction(path):
    return next(d for d in scan(str(path)).scorecard.dimensions if d.name == "abstraction")


def blocked_api() -> str:
    """15 operations: three reachable (two of them make secrets and keys), eleven needing a
    `{secret_id}` or `{key_id}` no response hands out, and one waiting on a `vault_id` that only
    those unreachable operations return."""
    parts = ["openapi: 3.0.3", "info: {title: Vaults, version: 1.0.0}", "paths:",
             "  /status:", "    get:", "      responses: {'200': {description: Up.}}"]
    for kind in ("secret", "key"):  # the API makes secrets and keys, but never hands out their ids
        parts += [f"  /{kind}s:", "    post:", "      responses: {'202': {description: Accepted.}}"]
    body = "{application/json: {schema: {type: object, properties: {vault_id: {type: string}}}}}"
    for index in range(11):
        kind = "secret" if index < 9 else "key"  # 9 operations: too few for a context identifier
        parts += [f"  /{kind}s/{{{kind}_id}}/part{index}:", "    get:",
                  f"      parameters: [{{name: {kind}_id, in: path, required: true, schema: {{type: string}}}}]",
                  f"      responses: {{'200': {{description: A part., content: {body}}}}}"]
    parts += ["  /vaults/{vault_id}:", "    get:",
              "      parameters: [{name: vault_id, in: path, required: true, schema: {type: string}}]",
              "      responses: {'200': {description: A vault.}}"]
    return "\n".join(parts) + "\n"


def test_reachability_figures_add_up(write):
    """Was: "1 of 13 operations reachable" beside "1 of 13 operations cannot be reached"."""
    dimension = abstraction(write(blocked_api()))
    assert dimension.summary.split("; ")[0] == (
        "1 of 3 identifiers handed out by a response, 3 of 15 operations reachable (11 need an identifier no "
        "response hands out, 1 waits on an unreachable prerequisite)")
    assert dimension.measures["rules"]["unreachable-operation"] == {"checked": 4, "failed": 1, "pass_rate": 0.75}
    assert "1 of 4 operations whose own identifiers have producers still cannot be reached" in dimension.summary
    assert "2 of 3 identifiers are handed out by no response" in dimension.summary


def test_a_metric_counts_as_far_as_findings_back_it():
    """bookshop.yaml's one finding (an internal server among two) makes a leak density of 11;
    one finding of the five from which a shortfall counts in full makes it count as 82."""
    dimension = abstraction(FIXTURES / "bookshop.yaml")
    leak = dimension.measures["metrics"]["leak_density"]
    assert (leak["score"], leak["findings"], leak["counted"], leak["unsupported"]) == (11, 1, 82, False)
    assert dimension.measures["score_parts"] == {"rules": 94, "measured": 93}
    assert dimension.score == 94
    assert dimension.summary == ("1 of 1 identifiers handed out by a response, 5 of 5 operations reachable; graded "
                                 "half on its checks, half on graph metrics at 93 (leak density 82 from 1 finding); "
                                 "1 of 2 servers point at internal hosts")


def test_a_metric_with_enough_findings_counts_in_full():
    metrics = abstraction(FIXTURES / "graph" / "leaky.yaml").measures["metrics"]
    assert {name: (m["score"], m["findings"], m["counted"]) for name, m in metrics.items() if m["findings"]} == {
        "leak_density": (2, 5, 2), "reachability": (49, 3, 69), "duplication": (8, 1, 82), "cycle_share": (67, 1, 93),
        "coupling": (82, 1, 96), "prerequisite_depth": (60, 1, 92), "resolvability": (87, 1, 97)}
