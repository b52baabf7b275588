"""The engine survives a crashing check and stamps catalogue metadata."""

from __future__ import annotations

from dxscan.scan.pipeline import scan
from tests.conftest import FIXTURES


def test_crashing_check_becomes_an_internal_error_finding(monkeypatch):
    def broken(context):
        raise ValueError("boom")
        yield  # pragma: no cover

    import dxscan.checks.documentation

    monkeypatch.setattr(dxscan.checks.documentation, "operation_tags", broken)
    report = scan(str(FIXTURES / "bookshop.yaml"))
    [internal] = [f for f in report.findings if f.rule == "internal-error"]
    assert "rule 'operation-tags' crashed" in internal.message and "ValueError: boom" in internal.message
    assert internal.severity == "warning"
    documentation = next(d for d in report.scorecard.dimensions if d.name == "documentation")
    assert "operation-tags" not in {r.rule for r in documentation.rules}


def test_findings_are_sorted_by_file_and_position():
    report = scan(str(FIXTURES / "bookshop.yaml"))
    keys = [(f.location.file, f.location.line, f.location.column) for f in report.findings]
    assert keys == sorted(keys)


def test_scores_explain_themselves():
    report = scan(str(FIXTURES / "bookshop.yaml"))
    rate_limits = next(d for d in report.scorecard.dimensions if d.name == "rate_limits")
    assert rate_limits.summary == "5 of 5 operations return no rate-limit headers; 3 of 5 operations document no 429 response"
    assert rate_limits.measures["rules"]["rate-limit-response"] == {"checked": 5, "failed": 3, "pass_rate": 0.4}
    # 100 − 100 × (3 × 3/5 + 2 × 5/5 + 1 × 1/1 (no stated policy)) / (3 + 2 + 1 + 2 (429 says when to retry: passes))
    assert rate_limits.score == 40
