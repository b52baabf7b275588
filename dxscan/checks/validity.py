"""Is the document readable and valid? Problems found by the loader and the validator."""

from __future__ import annotations

from collections.abc import Iterator

from dxscan.checks import Context, Hit


def _load_problems(context: Context, rule: str) -> Iterator[Hit]:
    for problem in context.loaded.problems:
        if problem.rule == rule:
            yield Hit(problem.pointer, problem.message, problem.message, problem.location)


def oas_schema(context: Context) -> Iterator[Hit]:
    if context.verdict is None:
        return
    for problem in context.verdict.problems:
        yield Hit(problem.pointer, problem.message, problem.check + ":" + problem.message)


def duplicate_key(context: Context) -> Iterator[Hit]:
    yield from _load_problems(context, "duplicate-key")


def unresolved_ref(context: Context) -> Iterator[Hit]:
    yield from _load_problems(context, "unresolved-ref")


def external_ref_refused(context: Context) -> Iterator[Hit]:
    yield from _load_problems(context, "external-ref-refused")
