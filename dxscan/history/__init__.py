"""History: the developer experience of an API over its git history. The commits that changed a
spec (or the files it references) are scored as `dxscan scan` would score them then, compared
one after another as `dxscan diff` would, and summed up as a trend with its biggest moves."""

from dxscan.history.model import Comparison, History, Move, Scored, Version
from dxscan.history.revisions import GitError, Selection
from dxscan.history.run import history
from dxscan.history.score import WorkerDied

__all__ = ["Comparison", "GitError", "History", "Move", "Scored", "Selection", "Version", "WorkerDied", "history"]
