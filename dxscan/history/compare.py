"""The one place `dxscan history` uses `dxscan diff`: what the diff counts between two versions
already loaded and scanned (the diff's own entry point loads and scans both sides again, which
would triple the work over a history). The changes are judged by the diff's own function
(`judged_changes`), so a version's breaking changes and regressions are what `dxscan diff BASE
HEAD` lists for the same pair, sanctioned removals included; only the structural diff is given
leaner documents (prune.py), which find the same changes. Kept to this function so a change of
dxscan/diff/ needs one edit here."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import date

from dxscan.history.model import ChangeCount, Comparison
from dxscan.history.prune import pruned
from dxscan.load.loader import LoadedSpec
from dxscan.model import Spec
from dxscan.results import Report


def compare(base: tuple[LoadedSpec, Report], head: tuple[LoadedSpec, Report], today: date,
            rescan: Callable[[LoadedSpec], Report]) -> Comparison:
    """The changes `dxscan diff BASE HEAD` would list (with its default gate) on TODAY, counted by
    id. `rescan` scans BASE with its sanctioned removals made, as BASE was scanned."""
    from dxscan.diff import BREAKING, KIND_ORDER, REGRESSION, Gate, judged_changes, structural_changes

    def structural(base_spec: Spec, head_spec: Spec) -> list:
        lean = pruned(base[0], head[0])
        return structural_changes(Spec.from_loaded(lean.base), Spec.from_loaded(lean.head), today, lean.unchanged)

    changes = judged_changes(base, head, rescan, Gate().max_score_drop, today, structural)
    counted = Counter((change.id, change.kind) for change in changes)
    examples = {(change.id, change.kind): change.message for change in reversed(changes)}
    order = sorted(counted, key=lambda key: (KIND_ORDER.get(key[1], 9), -counted[key], key[0]))
    return Comparison(
        breaking=sum(change.kind == BREAKING for change in changes),
        regressions=sum(change.kind == REGRESSION for change in changes),
        changes=tuple(ChangeCount(key[0], key[1], counted[key], examples[key]) for key in order),
    )
