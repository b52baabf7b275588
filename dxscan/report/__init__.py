"""One renderer per format over one Report object, and the one way output files are written."""

from __future__ import annotations

import importlib
import os
import tempfile
from pathlib import Path


def write_atomic(path: str, text: str) -> None:
    """Write the whole file or nothing: a temporary file beside it, then a rename."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes it private; a report is not
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# Every format `dxscan scan --format` takes. "text" is the terminal report; each other name is a
# module here with `render(report) -> str`.
FORMATS = ("text", "json", "markdown", "html", "badge", "sarif", "junit", "github")


def render(output_format: str, report: object) -> str:
    module = importlib.import_module(f"{__name__}.{output_format}")
    return module.render(report)
