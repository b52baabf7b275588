"""`dxscan history -f csv`: one row per version, oldest first, for spreadsheets."""

from __future__ import annotations

import csv
import io

from dxscan.history import History
from dxscan.report.history_rows import fields

COLUMNS = ("commit", "date", "tags", "score", "grade", "versioning", "auth", "rate_limits", "naming", "documentation",
           "abstraction", "operations", "errors", "warnings", "infos", "breaking", "regressions", "path", "subject", "error")


def render(result: History) -> str:
    stream = io.StringIO()
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(COLUMNS)
    for version in result.versions:
        row = fields(version)
        writer.writerow(["" if row[column] is None else row[column] for column in COLUMNS])
    return stream.getvalue()
