"""The command line: one module per command; `common` holds exiting and writing output."""

from dxscan.cli.app import app, run

__all__ = ["app", "run"]
