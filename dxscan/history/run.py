"""`history()`: the versions of a spec found in git, scored (from the cache where it can), compared
one after another, with the biggest moves and a summary."""

from __future__ import annotations

import json
from collections.abc import Callable

from dxscan import __version__
from dxscan.config import Config
from dxscan.history.configs import ConfigsAt
from dxscan.history.model import UNCHANGED, Comparison, History, Scored, Version
from dxscan.history.moves import biggest_moves, summarise
from dxscan.history.revisions import Blobs, Selection, Versions, repository, shallow_note, versions
from dxscan.history.score import LOOK_BACK, RUN, Item, Store, Task, run_tasks, version_key

Progress = Callable[[int, int], None]  # (versions done, versions in all)


def history(spec: str, selection: Selection, config: Config | None = None, jobs: int = 1,
            use_cache: bool = True, progress: Progress | None = None) -> History:
    """The history of SPEC (a path in a git repository). Raises GitError when git cannot tell it;
    a version that cannot be read or scored is listed with its error."""
    top, path = repository(spec)
    store = Store(use_cache)
    addresses = store.addresses()
    with Blobs(top, addresses) as blobs:
        found = versions(top, path, selection, blobs)
        items = _items(found, selection, config, blobs)
    store.keep_addresses(addresses)
    scored, compared = _scores(top, items, selection, jobs, store, progress or (lambda done, total: None))
    listed = _assembled(items, found, scored, compared)
    moves = biggest_moves(listed)
    result = History(__version__, spec, path, _described(path, selection), listed, moves, "", _notes(found))
    return History(**{**result.__dict__, "summary": summarise(result.title, listed, moves)})


def _items(found: Versions, selection: Selection, fixed: Config | None, blobs: Blobs) -> list[Item]:
    configs = ConfigsAt(blobs)
    settings = json.dumps([selection.allow_external_refs])
    items = []
    for commit in found.commits:
        config = fixed if fixed is not None else configs.at(commit)
        error = config if isinstance(config, str) else None
        config = None if error else config
        files = blobs.closure(commit.sha, commit.path) if error is None else ()
        items.append(Item(commit, config, error, version_key((("root", commit.path), *files), config, settings)))
    return items


def _scores(top: str, items: list[Item], selection: Selection, jobs: int, store: Store,
            progress: Progress) -> tuple[dict[str, Scored], dict[tuple[str, str], Comparison]]:
    """Every version's score and comparison: from the cache, else computed (and cached)."""
    scored = {item.key: hit for item in items if (hit := store.scored(item.key)) is not None}
    compared: dict[tuple[str, str], Comparison] = {}
    for index, item in enumerate(items):
        base = _base_guess(items, index, scored)
        if base is not None and base.key != item.key and (hit := store.compared(base.key, item.key)) is not None:
            compared[(base.key, item.key)] = hit
    tasks = _tasks(top, items, scored, compared, selection, jobs)
    total, done = len(items), len(items) - sum(len(task.items) for task in tasks)
    progress(done, total)

    def advance(count: int) -> None:
        nonlocal done
        done += count
        progress(done, total)

    for outcome in run_tasks(tasks, jobs, advance):
        store.keep(outcome)
        scored[outcome.key] = outcome.scored
        if outcome.base is not None and outcome.compared is not None:
            compared[(outcome.base, outcome.key)] = outcome.compared
    return scored, compared


def _base_guess(items: list[Item], index: int, scored: dict[str, Scored]) -> Item | None:
    """The nearest earlier version not known to be broken: the one a version is compared with."""
    for earlier in reversed(items[:index]):
        known = scored.get(earlier.key)
        if known is None or known.error is None:
            return earlier
    return None


def _tasks(top: str, items: list[Item], scored: dict[str, Scored], compared: dict[tuple[str, str], Comparison],
           selection: Selection, jobs: int) -> list[Task]:
    """Runs of consecutive versions still to score or compare, at most RUN long."""
    needed = [_needs_work(items, index, scored, compared) for index in range(len(items))]
    longest = max(1, min(RUN, -(-sum(needed) // max(1, jobs))))  # at least one run per job
    runs: list[list[int]] = []
    for index, needs in enumerate(needed):
        if not needs:
            continue
        if runs and runs[-1][-1] == index - 1 and len(runs[-1]) < longest:
            runs[-1].append(index)
        else:
            runs.append([index])
    split = None if jobs <= 1 else False  # one job: each scan forks its halves; several: one core each
    return [Task(top, tuple(items[i] for i in run), _before(items, run[0], scored), selection.allow_external_refs, split)
            for run in runs]


def _needs_work(items: list[Item], index: int, scored: dict[str, Scored], compared: dict[tuple[str, str], Comparison]) -> bool:
    item = items[index]
    known = scored.get(item.key)
    if known is None:
        return True
    if known.error is not None:
        return False
    base = _base_guess(items, index, scored)
    return base is not None and base.key != item.key and (base.key, item.key) not in compared


def _before(items: list[Item], start: int, scored: dict[str, Scored]) -> tuple[Item, ...]:
    earlier = [item for item in reversed(items[:start]) if (known := scored.get(item.key)) is None or known.error is None]
    return tuple(earlier[:LOOK_BACK])


def _assembled(items: list[Item], found: Versions, scored: dict[str, Scored],
               compared: dict[tuple[str, str], Comparison]) -> tuple[Version, ...]:
    listed = []
    base: Item | None = None
    for item in items:
        result = scored[item.key]
        if result.error is not None:
            listed.append(Version(item.commit, result, None))
            continue
        comparison = None if base is None else UNCHANGED if base.key == item.key else compared.get((base.key, item.key))
        listed.append(Version(item.commit, result, comparison))
        base = item
    return tuple(listed)


def _described(path: str, selection: Selection) -> str:
    what = "tagged commits" if selection.tags else ("first-parent commits" if selection.first_parent else "commits")
    words = [f"{what} of {selection.revisions} that changed {path}" + ("" if selection.tags else " or a file it references")]
    words += [f"since {selection.since}"] if selection.since else []
    words += [f"until {selection.until}"] if selection.until else []
    words += ["following renames"] if selection.follow else []
    words += [f"every {selection.every}th"] if selection.every > 1 else []
    words += [f"the newest {selection.newest}"] if selection.newest is not None else []
    return ", ".join(words)


def _notes(found: Versions) -> tuple[str, ...]:
    note = shallow_note(found)
    return (note,) if note else ()
