"""The configuration a version was scanned with: the `.dxscan.yaml` (or pyproject.toml with
[tool.dxscan]) nearest the spec at that commit, as `dxscan scan` would find it then."""

from __future__ import annotations

import posixpath
import tomllib

import yaml

from dxscan.config import Config, ConfigError, parse_config
from dxscan.history.revisions import Blobs, Commit


class ConfigsAt:
    """Configurations at commits, each file parsed once per blob."""

    def __init__(self, blobs: Blobs):
        self._blobs = blobs
        self._parsed: dict[str, Config | str] = {}

    def at(self, commit: Commit) -> Config | str:
        """The configuration, or the one-line error of a broken one."""
        folder = posixpath.dirname(commit.path)
        while True:
            found = self._in_folder(commit, folder)
            if found is not None:
                return found
            if not folder:
                return Config()
            folder = posixpath.dirname(folder)

    def _in_folder(self, commit: Commit, folder: str) -> Config | str | None:
        for name in (".dxscan.yaml", "pyproject.toml"):
            path = posixpath.join(folder, name)
            blob = self._blobs.blob_id(commit.sha, path)
            if blob is None:
                continue
            if blob not in self._parsed:
                self._parsed[blob] = self._parse(commit, path)
            if self._parsed[blob] is not None:
                return self._parsed[blob]
        return None

    def _parse(self, commit: Commit, path: str) -> Config | str | None:
        source = f"{commit.sha[:7]}:{path}"
        text = self._blobs.read(commit.sha, path)[1].decode("utf-8", "replace")
        try:
            raw = _toml(text) if path.endswith(".toml") else (yaml.safe_load(text) or {})
        except (tomllib.TOMLDecodeError, yaml.YAMLError):
            return f"invalid config ({source}): not {'TOML' if path.endswith('.toml') else 'YAML'}"
        if raw is None:  # a pyproject.toml without [tool.dxscan]: keep looking upward
            return None
        try:
            return parse_config(raw, source)
        except ConfigError as error:
            return str(error)


def _toml(text: str) -> dict | None:
    return tomllib.loads(text).get("tool", {}).get("dxscan")
