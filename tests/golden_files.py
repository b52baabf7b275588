"""Golden files: expected report text under tests/golden/, compared whole.

Rewrite them after an intended change with `DXSCAN_UPDATE_GOLDEN=1 pytest`, then read the diff.
Reports are made stable before comparing: sources are relative paths (tests chdir into fixtures/)
and the tool version is replaced by "VERSION", so a release does not touch them."""

from __future__ import annotations

import os
from pathlib import Path

from dxscan import __version__

GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE = os.environ.get("DXSCAN_UPDATE_GOLDEN") == "1"


def without_version(text: str) -> str:
    return text.replace(f"dxscan {__version__}", "dxscan VERSION").replace(f'"version": "{__version__}"', '"version": "VERSION"')


def assert_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    text = without_version(text)
    if UPDATE:
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no golden file {name}; DXSCAN_UPDATE_GOLDEN=1 pytest writes it"
    assert text == path.read_text(encoding="utf-8"), f"{name} differs; DXSCAN_UPDATE_GOLDEN=1 pytest rewrites it"
