"""Load: text -> one document with source positions. Parsing (`parse`), multi-file bundling
(`loader`), git revisions (`git`) and the validator (`validate`, imported only when a scan
validates: it is the heaviest import)."""

from dxscan.load.loader import STDIN, LoadedSpec, LoadError, LoadProblem, load, read_source

__all__ = ["STDIN", "LoadError", "LoadProblem", "LoadedSpec", "load", "read_source"]
