"""The command line: one module per command; `common` holds exiting and writing output.

`run` is the console script (`dxscan`); the commands' Typer app is `dxscan.cli.app.app`."""

import gc


def run() -> None:
    """The console script. The commands' modules are imported with the cyclic collector paused
    (its passes over the hundreds of thousands of objects the imports make were 12 ms of the 100
    ms they take), and what they made is then frozen out of every later collection: it lives as
    long as the process, and forked workers share its pages instead of touching them."""
    gc.disable()
    try:
        from dxscan.cli.app import run as run_command

        gc.freeze()
    finally:
        gc.enable()
    run_command()
