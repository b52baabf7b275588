"""How a scan runs on this machine: half of it in a forked child process, so a scan uses both
cores of a CI runner, and all of it with the cyclic garbage collector paused (`gc_paused`).

A scan's two halves barely share work: the dependency graph and the abstraction rules on one side,
the validator and the other five dimensions on the other. `fork_call` starts a function in a child
that inherits the loaded document (copy-on-write, nothing re-read or re-parsed) and sends its
result back pickled through a pipe. Where forking is unsafe or unavailable (not Linux, or another
thread running that did not register to pause for the fork, as the terminal's progress spinner
does) the function runs in this process instead, when its result is asked for; the result is the
same either way.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import select
import signal
import sys
import threading
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector; as it was afterwards.

    A scan builds hundreds of thousands of objects that live until it ends, and the collector's
    passes over them, each scanning every live object, were a quarter of the wall time on Stripe's
    spec (2.26 s with, 1.69 s without; 2 MB more peak memory) and doubled the validator's time on
    GitHub's. api.scan and validate.validate run under it.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class ChildGone(Exception):
    """The child cannot answer a question (`Pending.ask`): it failed, died or never ran."""


class Pending:
    """A result on its way: `result()` waits for it (or computes it here). A child started with
    `serve` stays after sending it and answers `ask()` until `close()`."""

    def __init__(self, function: Callable[..., Any], args: tuple[Any, ...], serve: Callable[..., Any] | None = None):
        self._function = function
        self._args = args
        self._serve = serve
        self._pid: int | None = None
        self._read_fd: int | None = None
        self._questions: Any = None  # serving: the stream questions go on
        self._answers: Any = None  # serving: the stream the result and the answers come on
        self._payload: tuple[str, Any] | None = None  # serving: the result, once read

    def result(self) -> Any:
        if self._pid is None and self._payload is None:
            return self._function(*self._args)
        payload = self._collect() if self._serve is None else self._received()
        if payload is None:  # the child died (killed, out of memory): do the work here instead
            return self._function(*self._args)
        outcome, value = payload
        if outcome == "raised":
            raise value
        return value

    def ready(self) -> bool:
        """Is the child done, its result on its way (so that it can answer at once)?"""
        if self._payload is not None:
            return True
        if self._pid is None or self._answers is None:
            return False
        return bool(select.select([self._answers], [], [], 0)[0])

    def ask(self, *args: Any) -> Any:
        """`serve(*args)` in the child, which holds what its own work built; ChildGone when it
        cannot answer (the parent then works it out itself)."""
        payload = self._received()
        if payload is None or payload[0] != "returned" or self._questions is None:
            raise ChildGone
        try:
            pickle.dump(args, self._questions, protocol=pickle.HIGHEST_PROTOCOL)
            self._questions.flush()
            return pickle.load(self._answers)
        except Exception as error:  # a broken pipe, a truncated answer: no answer
            raise ChildGone from error

    def close(self) -> None:
        """Let a serving child go, and reap it."""
        if self._questions is not None:
            with contextlib.suppress(OSError):  # BrokenPipeError flushing to a child gone
                self._questions.close()
            self._questions = None
        if self._answers is not None:
            self._answers.close()
            self._answers = None
        if self._pid is not None:
            os.waitpid(self._pid, 0)
            self._pid = None

    def let_go(self) -> None:
        """`close`, without waiting for the child to end: it frees its memory (the 20x Stripe
        copy's child, 500 MB: 30-35 ms) while this process writes the report. The next
        `fork_call` reaps it, or `reap_let_go` before this process ends."""
        pid, self._pid = self._pid, None
        self.close()
        if pid is not None:
            _LET_GO.append(pid)

    def cancel(self) -> None:
        """Stop the child and reap it: the caller no longer wants the result (it is failing, or
        was interrupted while waiting)."""
        if self._pid is not None:
            os.kill(self._pid, signal.SIGKILL)
        self.close()
        if self._read_fd is not None:
            os.close(self._read_fd)
            self._read_fd = None

    def _received(self) -> tuple[str, Any] | None:
        """A serving child's result, read once; None when it died before sending it whole."""
        if self._payload is None and self._answers is not None:
            try:
                self._payload = pickle.load(self._answers)
            except Exception:  # noqa: BLE001 - an empty, truncated or unreadable answer counts as no answer
                self.close()
        return self._payload

    def _collect(self) -> tuple[str, Any] | None:
        """The child's answer, unpickled as it arrives: reading it whole first held the pickle twice
        (the chunks and their join) besides the objects it makes."""
        stream = os.fdopen(self._read_fd, "rb")
        self._read_fd = None  # the stream owns it now
        with stream:
            try:
                payload = pickle.load(stream)
            except Exception:  # noqa: BLE001 - an empty, truncated or unreadable answer counts as no answer
                payload = None
        _, status = os.waitpid(self._pid, 0)
        self._pid = None
        return payload if status == 0 else None


# children let go of (`Pending.let_go`) and not reaped yet
_LET_GO: list[int] = []


def reap_let_go(wait: bool = False) -> None:
    """Reap the children let go of that have ended (all of them, waiting, with WAIT). A process
    about to end waits for them: left to the system, a child's CPU time and peak memory would be
    missing from what the process's own parent is told of it (`os.wait4`, `time`, a CI runner's
    accounting)."""
    for pid in list(_LET_GO):
        try:
            ended = os.waitpid(pid, 0 if wait else os.WNOHANG)[0] == pid
        except ChildProcessError:  # reaped already, by someone else
            ended = True
        if ended:
            _LET_GO.remove(pid)


def usable_cores() -> int:
    """Cores this process may run on (its affinity: `taskset`, a container's cpuset)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def forks_here() -> bool:
    """Linux, where forking a Python process is the norm (macOS's system libraries are not fork-safe)."""
    return sys.platform == "linux" and hasattr(os, "fork")


# (stop, start) of each thread that may pause for a fork: the terminal's progress spinner.
_PAUSABLE: list[tuple[Callable[[], None], Callable[[], None]]] = []


@contextmanager
def pausable_thread(stop: Callable[[], None], start: Callable[[], None]) -> Iterator[None]:
    """While inside, `fork_call` stops this thread for the instant of a fork and restarts it."""
    entry = (stop, start)
    _PAUSABLE.append(entry)
    try:
        yield
    finally:
        _PAUSABLE.remove(entry)


def fork_call(function: Callable[..., Any], *args: Any, serve: Callable[..., Any] | None = None) -> Pending:
    """Start `function(*args)` in a forked child; collect it with `.result()`. With `serve`, the
    child then stays, answering `.ask(*question)` with `serve(*question)` from its own memory
    (what its work built, which this process's copy lacks), until `.close()`."""
    pending = Pending(function, args, serve)
    if not forks_here():
        return pending
    reap_let_go()
    for stop, _ in _PAUSABLE:
        stop()
    try:
        if threading.active_count() == 1:  # no other thread that could hold a lock the child needs
            _fork(pending)
    finally:
        for _, start in _PAUSABLE:
            start()
    return pending


def _fork(pending: Pending) -> None:
    read_fd, write_fd = os.pipe()
    _widen(write_fd)
    ask_read, ask_write = os.pipe() if pending._serve is not None else (None, None)
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:
        os.close(read_fd)
        if ask_write is not None:
            os.close(ask_write)
        _run_child(pending._function, pending._args, write_fd, pending._serve, ask_read)
    os.close(write_fd)
    pending._pid = pid
    if ask_read is None:
        pending._read_fd = read_fd
    else:
        os.close(ask_read)
        pending._questions, pending._answers = os.fdopen(ask_write, "wb"), os.fdopen(read_fd, "rb")


def _widen(fd: int) -> None:
    """Let the pipe hold a whole answer (Linux: 64 KiB by default, 1 MiB for anyone), so that a
    child done first writes its findings (Stripe: 600 KB) and leaves, instead of waiting for the
    parent to read each 64 KiB."""
    try:
        import fcntl

        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, 1 << 20)
    except (ImportError, AttributeError, OSError):
        pass


def _run_child(function: Callable[..., Any], args: tuple[Any, ...], write_fd: int,
               serve: Callable[..., Any] | None = None, ask_fd: int | None = None) -> None:
    """In the child: compute, send (then answer questions, when serving), and leave without
    running the parent's exit handlers."""
    status = 1
    try:
        sys.stdout = sys.stderr = open(os.devnull, "w")  # noqa: SIM115 - the child never prints
        warnings.simplefilter("ignore")
        try:
            outcome: tuple[str, Any] = ("returned", function(*args))
        except Exception as error:  # noqa: BLE001 - handed to the parent, which raises it
            outcome = ("raised", error)
        with os.fdopen(write_fd, "wb") as stream:
            if outcome[0] == "raised":
                stream.write(_pickled_error(outcome[1]))
            else:  # pickled straight into the pipe: no second copy of a large answer (the 20x GitHub copy: 20 MB)
                pickle.dump(outcome, stream, protocol=pickle.HIGHEST_PROTOCOL)  # failing midway: cut short, computed there
                if serve is not None:
                    stream.flush()
                    _answer_questions(serve, ask_fd, stream)
        status = 0
    finally:
        os._exit(status)


def _answer_questions(serve: Callable[..., Any], ask_fd: int, stream: Any) -> None:
    """Until the parent closes its end: read a question, write `serve`'s answer."""
    with os.fdopen(ask_fd, "rb") as questions:
        while True:
            try:
                question = pickle.load(questions)
            except EOFError:
                return
            pickle.dump(serve(*question), stream, protocol=pickle.HIGHEST_PROTOCOL)
            stream.flush()


def _pickled_error(error: Exception) -> bytes:
    """The exception, pickled whole before anything is written; described instead when it does
    not pickle."""
    try:
        return pickle.dumps(("raised", error), protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # noqa: BLE001 - any failure to pickle: its description pickles
        return pickle.dumps(("raised", RuntimeError(f"{type(error).__name__}: {error}")))
