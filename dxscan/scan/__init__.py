"""Scan: the pipeline from a file to a Report (load -> model -> checks -> score), its cache, and
the scan gate (`--fail-on`, `--fail-under`)."""

from dxscan.scan.pipeline import as_openapi, scan, scan_loaded

__all__ = ["as_openapi", "scan", "scan_loaded"]
