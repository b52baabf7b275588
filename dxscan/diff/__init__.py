"""Diff: two versions of an API compared (breaking changes, DX regressions, score deltas), the
schema comparison, baselines of accepted findings, and the gate over them."""
