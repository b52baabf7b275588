"""`history()`: the versions of a spec found in git, scored (from the cache where it can), compared
one after another, with the biggest moves and a summary."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace

from dxscan import __version__
from dxscan.config import Config
from dxscan.history.configs import ConfigsAt
from dxscan.history.model import UNCHANGED, Comparison, History, Scored, Version
from dxscan.history.moves import biggest_moves, summarise
from dxscan.history.revisions import Blobs, Selection, Versions, repository, shallow_note, versions
from dxscan.history.score import LOOK_BACK, MIN_RUN, RUN, Files, Item, Store, Task, content_key, root_key, run_tasks

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
        state = _State(_items(found, selection, config, blobs))
        state.recall(store, blobs)
    store.keep_addresses(addresses)
    state.compute(top, selection, jobs, store, progress or (lambda done, total: None))
    listed = state.assembled()
    moves = biggest_moves(listed)
    result = History(__version__, spec, path, _described(path, selection), listed, moves, "", _notes(found))
    return replace(result, summary=summarise(result.title, listed, moves))


def _items(found: Versions, selection: Selection, fixed: Config | None, blobs: Blobs) -> list[Item]:
    configs = ConfigsAt(blobs)
    settings = json.dumps([selection.allow_external_refs])
    items = []
    for index, commit in enumerate(found.commits):
        config = fixed if fixed is not None else configs.at(commit)
        error = config if isinstance(config, str) else None
        config = None if error else config
        items.append(Item(index, commit, config, error, root_key(commit.path, blobs.blob_id(commit.sha, commit.path), config, settings)))
    return items


class _State:
    """What is known of each version (its other files and scores) and of each compared pair."""

    def __init__(self, items: list[Item]):
        self.items = items
        self.files: list[Files | None] = [None] * len(items)
        self.scored: list[Scored | None] = [None] * len(items)
        self.compared: dict[tuple[str, str], Comparison] = {}

    def key(self, index: int) -> str | None:
        files = self.files[index]
        return None if files is None else content_key(self.items[index].root_key, files)

    def recall(self, store: Store, blobs: Blobs) -> None:
        """What the cache knows: scores first, then the comparisons between versions it knows."""
        for item in self.items:
            hit = store.scored(item, blobs)
            if hit is not None:
                self.files[item.index], self.scored[item.index] = hit
        for index in range(len(self.items)):
            pair = self._pair(index)
            if pair is not None and (hit := store.compared(*pair)) is not None:
                self.compared[pair] = hit

    def _pair(self, index: int) -> tuple[str, str] | None:
        """(the base's key, this version's key) when both are known, differ, and this one scored."""
        base = self._base(index)
        known = self.scored[index]
        if base is None or known is None or known.error is not None:
            return None
        pair = (self.key(base), self.key(index))
        return None if pair[0] is None or pair[0] == pair[1] else pair

    def _base(self, index: int) -> int | None:
        """The nearest earlier version not known to be broken: the one a version is compared with."""
        for earlier in range(index - 1, -1, -1):
            known = self.scored[earlier]
            if known is None or known.error is None:
                return earlier
        return None

    def needs_work(self, index: int) -> bool:
        known = self.scored[index]
        if known is None:
            return True
        if known.error is not None:
            return False
        base = self._base(index)
        if base is None:
            return False
        if self.key(base) is None:
            return True
        pair = self._pair(index)
        return pair is not None and pair not in self.compared

    def compute(self, top: str, selection: Selection, jobs: int, store: Store, progress: Progress) -> None:
        """Score and compare what the cache did not know (and cache it)."""
        tasks = self._tasks(top, selection, jobs)
        total, done = len(self.items), len(self.items) - sum(len(task.items) for task in tasks)
        progress(done, total)

        def advance() -> None:
            nonlocal done
            done += 1
            progress(done, total)

        for outcome in run_tasks(tasks, jobs, advance):
            item = self.items[outcome.index]
            store.keep(item.root_key, outcome)
            self.files[outcome.index], self.scored[outcome.index] = outcome.files, outcome.scored
            if outcome.base is not None and outcome.compared is not None:
                self.compared[(outcome.base, outcome.key(item.root_key))] = outcome.compared

    def _tasks(self, top: str, selection: Selection, jobs: int) -> list[Task]:
        """Runs of consecutive versions still to score or compare, newest first. Each run costs one
        extra scan (of the version before it, to compare its first with), so runs are long; with
        several jobs they shorten towards the oldest versions, handed out last, so that no job is
        left with a long run while the others have finished (run_length)."""
        needed = [self.needs_work(index) for index in range(len(self.items))]
        remaining = sum(needed)
        runs: list[list[int]] = []
        longest = 0
        for index in reversed(range(len(self.items))):
            if not needed[index]:
                continue
            if runs and runs[-1][0] == index + 1 and len(runs[-1]) < longest:
                runs[-1].insert(0, index)
            else:
                longest = run_length(remaining, jobs)
                runs.append([index])
            remaining -= 1
        split = None if jobs <= 1 else False  # one job: each scan forks its halves; several: one core each
        return [Task(top, tuple(self.items[i] for i in run), self._before(run[0]), selection.allow_external_refs, split)
                for run in runs]

    def _before(self, start: int) -> tuple[Item, ...]:
        earlier = [item for item in reversed(self.items[:start])
                   if (known := self.scored[item.index]) is None or known.error is None]
        return tuple(earlier[:LOOK_BACK])

    def assembled(self) -> tuple[Version, ...]:
        listed = []
        base: int | None = None
        for item in self.items:
            scored = self.scored[item.index]
            if scored.error is not None:
                listed.append(Version(item.commit, scored, None))
                continue
            listed.append(Version(item.commit, scored, self._comparison(base, item.index)))
            base = item.index
        return tuple(listed)

    def _comparison(self, base: int | None, index: int) -> Comparison | None:
        if base is None:
            return None
        pair = (self.key(base), self.key(index))
        return UNCHANGED if pair[0] == pair[1] else self.compared.get(pair)


def run_length(remaining: int, jobs: int) -> int:
    """The longest run to start when REMAINING versions are left to hand out: all of them with one
    job; else a share of them (as OpenMP's guided schedule), at most RUN."""
    if jobs <= 1:
        return max(1, remaining)
    return max(MIN_RUN, min(RUN, -(-remaining // jobs)))


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
