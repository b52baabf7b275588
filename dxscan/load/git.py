"""Specs at a git revision: `REV:path` (`origin/main:spec/openapi.yaml`).

`path` is read the way the other argument of `dxscan diff` is: relative to the current folder, in
whichever repository holds it (found from the path, so it works from a subfolder, and for a file
deleted since). The spec files of its folder at REV (every .yaml, .yml and .json under it; the
whole repository with --allow-external-refs) come out of git with one `git archive` into memory,
and the ordinary loader reads them through a reader, so relative `$ref`s resolve exactly as they
did at that revision, and files are named as in the working tree (`spec/paths/pets.yaml`): the
two sides of a diff name the same file the same way. `REV:` is put in front when a location is
shown.
"""

from __future__ import annotations

import io
import os
import posixpath
import subprocess
import tarfile
from collections.abc import Callable
from dataclasses import dataclass

from dxscan.load.loader import STDIN, LoadedSpec, LoadError, decode_source, load

SPEC_SUFFIXES = (".yaml", ".yml", ".json")
ARCHIVE_CHUNK = 500  # paths per `git archive` call, well below any command-line limit


@dataclass(frozen=True)
class GitPath:
    revision: str
    path: str  # as written: relative to the current folder, or absolute

    def __str__(self) -> str:
        return f"{self.revision}:{self.path}"


def parse_git_path(argument: str) -> GitPath | None:
    """`REV:path` when `argument` is not an existing file; None for a plain file or '-'."""
    if argument == STDIN or os.path.exists(argument):
        return None
    revision, colon, path = argument.partition(":")
    if not colon or not revision or not path:
        return None
    if len(revision) == 1 and path[:1] in ("\\", "/"):  # a Windows drive: C:\spec.yaml
        return None
    return GitPath(revision, path)


def load_revision(spec: GitPath, allow_external_refs: bool = False) -> LoadedSpec:
    """Load the spec as it was at `spec.revision`; raises LoadError (one line) when it cannot."""
    top, relative = _repository(spec)
    _verify_revision(top, spec)
    folder = "" if allow_external_refs else posixpath.dirname(relative)
    names = _spec_files(top, spec, folder, relative)
    blobs = _read_blobs(top, spec, names)
    return load(spec.path, allow_external_refs=allow_external_refs, read=_Reader(top, spec, blobs))


@dataclass(frozen=True)
class _Reader:
    """Reads a file of the revision from memory: the root by its name, the others by absolute path."""

    top: str
    spec: GitPath
    blobs: dict[str, bytes]

    def __call__(self, path: str) -> str:
        relative = os.path.relpath(os.path.realpath(path), self.top).replace(os.sep, "/")
        data = self.blobs.get(relative)
        if data is None:
            raise LoadError(path, f"no such file at {self.spec.revision}")
        return decode_source(data, path)


def _repository(spec: GitPath) -> tuple[str, str]:
    """(the repository's top folder, the spec's path relative to it, with '/' separators)."""
    try:
        return repository_path(spec.path, lambda folder: _git(folder, ["rev-parse", "--show-toplevel"], spec,
                                                              "not inside a git repository"))
    except ValueError as error:
        raise LoadError(str(spec), f"{spec.path} is {error}") from None


def repository_path(path: str, toplevel: Callable[[str], str]) -> tuple[str, str]:
    """(the top folder of the repository holding PATH, PATH relative to it with '/' separators).
    `toplevel(folder)` asks git for the top of the nearest folder that exists (PATH may name a file
    that exists only at some revision). ValueError('outside the repository at TOP') when PATH is not
    under it (a symbolic link out of the repository)."""
    absolute = os.path.realpath(path)
    folder = os.path.dirname(absolute)
    while not os.path.isdir(folder) and os.path.dirname(folder) != folder:
        folder = os.path.dirname(folder)
    top = os.path.realpath(toplevel(folder).strip())
    relative = os.path.relpath(absolute, top)
    if relative.startswith(".."):
        raise ValueError(f"outside the repository at {top}")
    return top, relative.replace(os.sep, "/")


def _verify_revision(top: str, spec: GitPath) -> None:
    _git(top, ["rev-parse", "--verify", "--quiet", f"{spec.revision}^{{commit}}"], spec,
         f"git knows no revision '{spec.revision}'")


def _spec_files(top: str, spec: GitPath, folder: str, relative: str) -> list[str]:
    listing = _git(top, ["ls-tree", "-r", "-z", "--name-only", "--full-tree", spec.revision, "--", folder or "."],
                   spec, "cannot list the files at that revision", raw=True)
    names = [name.decode("utf-8", "surrogateescape") for name in listing.split(b"\0") if name]
    if relative not in names:
        raise LoadError(str(spec), f"no such file at {spec.revision}")
    return [name for name in names if name.lower().endswith(SPEC_SUFFIXES) or name == relative]


def _read_blobs(top: str, spec: GitPath, names: list[str]) -> dict[str, bytes]:
    blobs: dict[str, bytes] = {}
    for start in range(0, len(names), ARCHIVE_CHUNK):
        chunk = names[start:start + ARCHIVE_CHUNK]
        archive = _git(top, ["archive", "--format=tar", spec.revision, "--", *chunk], spec,
                       "cannot read the files at that revision", raw=True)
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            for member in tar:
                if member.isfile():
                    blobs[member.name] = tar.extractfile(member).read()
    return blobs


def _git(folder: str, arguments: list[str], spec: GitPath, failure: str, raw: bool = False):
    try:
        done = subprocess.run(["git", "-C", folder, *arguments], capture_output=True, check=False)
    except FileNotFoundError:
        raise LoadError(str(spec), "reading a git revision needs git, which is not installed") from None
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
        suffix = f" ({detail[-1]})" if detail else ""
        raise LoadError(str(spec), failure + suffix)
    return done.stdout if raw else done.stdout.decode("utf-8", "replace")
