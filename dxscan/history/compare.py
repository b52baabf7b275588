"""The one place `dxscan history` uses `dxscan diff`: what the diff counts between two versions
already loaded and scanned (the diff's own entry point loads and scans both sides again, which
would triple the work over a history). Kept to this function so a change of dxscan/diff/ needs
one edit here."""

from __future__ import annotations

from collections import Counter
from datetime import date

from dxscan.history.model import ChangeCount, Comparison
from dxscan.history.prune import pruned
from dxscan.load.loader import LoadedSpec
from dxscan.model import Spec
from dxscan.results import Report


def compare(base: tuple[LoadedSpec, Report], head: tuple[LoadedSpec, Report], today: date) -> Comparison:
    """The changes `dxscan diff BASE HEAD` would list (with its default gate), counted by id. The
    structural diff skips the paths that cannot have changed (prune.py)."""
    from dxscan.diff import BREAKING, KIND_ORDER, REGRESSION, Gate, structural_changes
    from dxscan.diff.findings import finding_changes, score_changes, score_deltas

    (base_loaded, base_report), (head_loaded, head_report) = base, head
    base_spec, head_spec = Spec.from_loaded(base_loaded), Spec.from_loaded(head_loaded)
    changes = structural_changes(*(Spec.from_loaded(side) for side in pruned(base_loaded, head_loaded)), today)
    changes += finding_changes(base_report, head_report, base_spec, head_spec)
    changes += score_changes(score_deltas(base_report, head_report), Gate().max_score_drop)
    counted = Counter((change.id, change.kind) for change in changes)
    examples = {(change.id, change.kind): change.message for change in reversed(changes)}
    order = sorted(counted, key=lambda key: (KIND_ORDER.get(key[1], 9), -counted[key], key[0]))
    return Comparison(
        breaking=sum(change.kind == BREAKING for change in changes),
        regressions=sum(change.kind == REGRESSION for change in changes),
        changes=tuple(ChangeCount(key[0], key[1], counted[key], examples[key]) for key in order),
    )
