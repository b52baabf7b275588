"""The abstraction dimension's grade and summary: the grade is the rules' (the graph metrics only
say where the API stands among real APIs), and the summary does not contradict itself."""

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
    answer = "{'201': {description: Made., content: {application/json: {schema: {type: object, properties: {status: {type: string}}}}}}}"
    for kind in ("secret", "key"):  # the API makes secrets and keys, but its answer leaves their ids out
        parts += [f"  /{kind}s:", "    post:", f"      responses: {answer}"]
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
        "1 of 3 identifiers traced to a response that hands them out, 3 of 15 operations reachable (11 need an identifier not "
        "traced to a response, 1 waits on an unreachable prerequisite)")
    assert dimension.measures["rules"]["unreachable-operation"] == {"checked": 4, "failed": 1, "pass_rate": 0.75}
    assert "1 of 4 operations whose own identifiers have producers still cannot be reached" in dimension.summary
    assert "2 of 3 identifiers are handed out by no response" in dimension.summary


def test_the_grade_is_the_rules_and_the_metrics_say_where_the_api_stands():
    """Was: LaunchDarkly's 19 `_id` fields among 107 schemas made a rule score of 96, but leak
    density at the corpus's 5th percentile pulled the measured half to 10 and the grade to 53.
    leaky.yaml has the same shape: one leak of each kind, leak density in the corpus's bottom tenth."""
    dimension = abstraction(FIXTURES / "graph" / "leaky.yaml")
    leak = dimension.measures["metrics"]["leak_density"]
    assert (leak["score"], leak["percentile"]) == (2, 5)
    assert "graph_score" not in dimension.measures and "score_parts" not in dimension.measures
    assert dimension.score == round(100 - sum(rule.points_lost for rule in dimension.rules)) == 74
