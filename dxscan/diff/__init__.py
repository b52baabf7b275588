"""Diff: two versions of an API compared (breaking changes, DX regressions, score deltas), the
schema comparison, baselines of accepted findings, and the gate over them.

`kinds` holds the change catalogue, `compare` the comparison, `findings` the two scans compared,
`gate` the verdict, `documents` the opening of the two sides."""

from dxscan.diff.compare import Diff, ScoreDelta, Side, diff, diff_loaded, judged_changes, structural_changes
from dxscan.diff.gate import FAIL_ON, Allowance, Gate, Verdict, verdict
from dxscan.diff.kinds import BREAKING, CHANGE_KINDS, IMPROVEMENT, INFO, KIND_ORDER, REGRESSION, Change, ChangeKind

__all__ = [
    "BREAKING", "CHANGE_KINDS", "FAIL_ON", "IMPROVEMENT", "INFO", "KIND_ORDER", "REGRESSION", "Allowance", "Change",
    "ChangeKind", "Diff", "Gate", "ScoreDelta", "Side", "Verdict", "diff", "diff_loaded", "judged_changes", "structural_changes",
    "verdict",
]
