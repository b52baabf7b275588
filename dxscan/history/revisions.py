"""Which commits are versions of a spec: git's log of the spec and the files its `$ref`s name.

One `git log` over the spec's folder (the files `load_revision` reads) lists every commit that
touched it, with the paths each changed; a commit is a version when it changed the spec itself or
a file the spec's relative `$ref`s reach at that commit (found by reading the texts through one
`git cat-file --batch` process, only for commits that left the root alone). `--follow` asks git
for the spec's renames instead and loads each version from the path it had then. Nothing here
loads or scores a document.
"""

from __future__ import annotations

import posixpath
import re
import subprocess
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Self

from dxscan.load.git import repository_path

RECORD, FIELD = "\x1e", "\x1f"
SPEC_SUFFIXES = (".yaml", ".yml", ".json")
# A `$ref` to another file, in JSON or YAML spelling: the address before any '#'.
_FILE_REF = re.compile(r"""\$ref["']?\s*:\s*["']?([^"'#\s,}{]+)""")


class GitError(Exception):
    """The history cannot be read (not a repository, an unknown revision): one line for the CLI."""


@dataclass(frozen=True)
class Commit:
    sha: str
    timestamp: int  # the author date, seconds since the epoch
    subject: str
    path: str  # the spec's path at this commit, relative to the repository's top
    changed: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()

    @property
    def date(self) -> str:
        return datetime.fromtimestamp(self.timestamp, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class Selection:
    """What to read: a revision or range, a window, every Nth, the newest N, tags only."""

    revisions: str = "HEAD"
    since: str | None = None
    until: str | None = None
    every: int = 1
    newest: int | None = None
    tags: bool = False
    follow: bool = False
    first_parent: bool = True
    allow_external_refs: bool = False


@dataclass(frozen=True)
class Versions:
    top: str  # the repository's top folder
    path: str  # the spec's path relative to it (today's name)
    commits: tuple[Commit, ...]  # oldest first
    seen: int  # commits git listed before selection
    shallow: bool


def versions(top: str, path: str, selection: Selection, blobs: Blobs) -> Versions:
    """The commits that are versions of the spec at PATH under SELECTION, oldest first. Raises GitError."""
    shallow = _git(top, ["rev-parse", "--is-shallow-repository"]).strip() == "true"
    tags = _tags(top)
    if selection.tags:
        listed = _tagged(top, path, selection, tags, blobs)
        chosen = listed
    else:
        listed = _log(top, path, selection)
        chosen = [commit for commit in listed if _is_version(commit, blobs)]
    if not chosen and not _git(top, ["log", "-1", "--format=%H", _revision(top, selection.revisions), "--", path]).strip():
        raise GitError(f"{path}: no commit of {selection.revisions} has this file")
    chosen = [replace(commit, tags=tags.get(commit.sha, ())) for commit in chosen]
    return Versions(top, path, tuple(_thinned(chosen, selection)), len(listed), shallow)


def repository(spec: str) -> tuple[str, str]:
    """(the top folder of the repository holding SPEC, SPEC's path relative to it)."""

    def toplevel(folder: str) -> str:
        try:
            return _git(folder, ["rev-parse", "--show-toplevel"])
        except GitError:
            raise GitError(f"{spec}: not inside a git repository") from None

    try:
        return repository_path(spec, toplevel)
    except ValueError as error:
        raise GitError(f"{spec}: {error}") from None


def _log(top: str, path: str, selection: Selection) -> list[Commit]:
    """Commits touching the spec (--follow) or its folder, oldest first, with the spec's path then."""
    folder = "." if selection.allow_external_refs else (posixpath.dirname(path) or ".")
    arguments = ["-c", "core.quotePath=false", "log", f"--format={RECORD}%H{FIELD}%at{FIELD}%s", "--name-status"]
    arguments += ["--first-parent"] if selection.first_parent else ["-m"]
    arguments += ["--follow"] if selection.follow else ["--no-renames"]
    arguments += [f"--since={selection.since}"] if selection.since else []
    arguments += [f"--until={selection.until}"] if selection.until else []
    arguments += [_revision(top, selection.revisions), "--", path if selection.follow else folder]
    commits = _parsed_log(_git(top, arguments), path)
    return commits[::-1]


def _revision(top: str, revisions: str) -> str:
    """The revision or range, checked: an unknown name is a one-line error, not git's usage text."""
    for name in (part for part in re.split(r"\.{2,3}", revisions) if part):
        try:
            _git(top, ["rev-parse", "--verify", "--quiet", f"{name}^{{commit}}"])
        except GitError:
            raise GitError(f"git knows no revision '{name}'") from None
    return revisions


def _parsed_log(text: str, path: str) -> list[Commit]:
    """Newest first, as git prints it; the spec's path walks back through renames."""
    commits: list[Commit] = []
    current = path
    for record in text.split(RECORD)[1:]:
        header, _, body = record.partition("\n")
        sha, timestamp, subject = header.split(FIELD, 2)
        changed, renamed_from = _changes(body, current)
        if commits and commits[-1].sha == sha:  # -m prints a merge once per parent
            continue
        commits.append(Commit(sha, int(timestamp), subject, current, changed))
        current = renamed_from or current
    return commits


def _changes(body: str, current: str) -> tuple[tuple[str, ...], str | None]:
    changed: list[str] = []
    renamed_from = None
    for line in body.splitlines():
        status, *paths = line.split("\t")
        if not status or not paths:
            continue
        changed += paths
        if status.startswith(("R", "C")) and len(paths) == 2 and paths[1] == current:
            renamed_from = paths[0]
    return tuple(changed), renamed_from


def _is_version(commit: Commit, blobs: Blobs) -> bool:
    if commit.path in commit.changed:
        return True
    referenced = blobs.referenced_files(commit.sha, commit.path)
    return any(name in referenced for name in commit.changed)


def _tagged(top: str, path: str, selection: Selection, tags: dict[str, tuple[str, ...]], blobs: Blobs) -> list[Commit]:
    """The tagged commits within the revisions (and window) where the spec exists, oldest first."""
    arguments = ["rev-list", "--format=%H" + FIELD + "%at" + FIELD + "%s", "--no-commit-header"]
    arguments += [f"--since={selection.since}"] if selection.since else []
    arguments += [f"--until={selection.until}"] if selection.until else []
    listing = _git(top, [*arguments, _revision(top, selection.revisions)])
    commits = []
    for line in listing.splitlines():
        sha, timestamp, subject = line.split(FIELD, 2)
        if sha in tags and blobs.exists(sha, path):
            commits.append(Commit(sha, int(timestamp), subject, path))
    return sorted(commits, key=lambda commit: commit.timestamp)


def _tags(top: str) -> dict[str, tuple[str, ...]]:
    """Commit -> its tag names (annotated tags peeled to their commit)."""
    listing = _git(top, ["for-each-ref", "refs/tags", f"--format=%(objectname){FIELD}%(*objectname){FIELD}%(refname:short)"])
    found: dict[str, list[str]] = {}
    for line in listing.splitlines():
        sha, peeled, name = line.split(FIELD, 2)
        found.setdefault(peeled or sha, []).append(name)
    return {sha: tuple(sorted(names)) for sha, names in found.items()}


def _thinned(commits: list[Commit], selection: Selection) -> list[Commit]:
    """Every Nth version counted back from the newest (kept), then the newest N."""
    kept = commits[::-1][::selection.every][::-1] if selection.every > 1 else commits
    if selection.newest is not None:
        kept = kept[-selection.newest:] if selection.newest else []
    return kept


class Blobs:
    """Files at commits, through one `git cat-file --batch-command` process. `addresses` maps a
    blob to the file addresses its `$ref`s name (kept by the caller across runs: it never changes)."""

    def __init__(self, top: str, addresses: dict[str, list[str]] | None = None):
        self._top = top
        self._process: subprocess.Popen | None = None
        self.addresses = addresses if addresses is not None else {}

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_: object) -> None:
        if self._process is not None:
            self._process.stdin.close()
            self._process.wait()
            self._process = None

    def blob_id(self, sha: str, path: str) -> str | None:
        header = self._ask(f"info {sha}:{path}")
        return header[0] if len(header) == 3 and header[1] == "blob" else None

    def read(self, sha: str, path: str) -> tuple[str, bytes] | None:
        """(blob id, content) of PATH at commit SHA, or None when it has no such file."""
        header = self._ask(f"contents {sha}:{path}")
        if len(header) != 3 or header[1] != "blob":
            return None
        data = self._process.stdout.read(int(header[2]))
        self._process.stdout.read(1)  # the newline after the content
        return header[0], data

    def exists(self, sha: str, path: str) -> bool:
        return self.blob_id(sha, path) is not None

    def closure(self, sha: str, root: str) -> tuple[tuple[str, str], ...]:
        """(path, blob id) of the spec at SHA and every file its relative `$ref`s reach, sorted."""
        return tuple(sorted((path, blob) for path, blob in self._reached(sha, root).items() if blob is not None))

    def referenced_files(self, sha: str, root: str) -> frozenset[str]:
        """The closure's paths, with the files referenced but missing at SHA."""
        return frozenset(self._reached(sha, root))

    def _reached(self, sha: str, root: str) -> dict[str, str | None]:
        found: dict[str, str | None] = {}
        pending = [root]
        while pending:
            name = pending.pop()
            if name in found:
                continue
            blob = found[name] = self.blob_id(sha, name)
            if blob is not None:
                pending += [target for target in self._references(sha, name, blob) if target not in found]
        return found

    def _references(self, sha: str, name: str, blob: str) -> list[str]:
        if blob not in self.addresses:
            read = self.read(sha, name)
            text = read[1].decode("utf-8", "replace") if read else ""
            self.addresses[blob] = sorted({address for address in _FILE_REF.findall(text)
                                           if "://" not in address and not address.startswith("/")})
        folder = posixpath.dirname(name)
        return [posixpath.normpath(posixpath.join(folder, address)) for address in self.addresses[blob]]

    def _ask(self, command: str) -> list[str]:
        process = self._started()
        process.stdin.write(f"{command}\n".encode())
        process.stdin.flush()
        return process.stdout.readline().decode().split()

    def _started(self) -> subprocess.Popen:
        if self._process is None:
            self._process = subprocess.Popen(["git", "-C", self._top, "cat-file", "--batch-command"],
                                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        return self._process


def shallow_note(found: Versions) -> str | None:
    """What a shallow clone hides, and how to see it."""
    if not found.shallow:
        return None
    return (f"shallow clone: git showed {found.seen} commits touching the spec; "
            "run `git fetch --unshallow` (or `git fetch --deepen=N`) for the whole history")


def _git(folder: str, arguments: list[str]) -> str:
    try:
        done = subprocess.run(["git", "-C", folder, *arguments], capture_output=True, check=False)
    except FileNotFoundError:
        raise GitError("reading a history needs git, which is not installed") from None
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(f"git {arguments[0] if arguments[0] != '-c' else arguments[2]} failed" + (f": {detail[-1]}" if detail else ""))
    return done.stdout.decode("utf-8", "replace")
