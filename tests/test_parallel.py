"""The scan split over two processes (dxscan/parallel.py, api.scan_loaded): same report, and every
way the child can fail falls back to doing the work in this process."""

from __future__ import annotations

import os
import sys
import threading
from dataclasses import asdict

import pytest
import yaml

from dxscan import parallel
from dxscan.load.loader import load
from dxscan.scan import pipeline as api

from .conftest import FIXTURES

linux_only = pytest.mark.skipif(sys.platform != "linux", reason="dxscan forks on Linux only")


def _pid() -> int:
    return os.getpid()


def _fail() -> None:
    raise ValueError("bad value in the child")


def _die_in_child(parent: int) -> str:
    if os.getpid() != parent:
        os._exit(3)  # as if killed: no answer comes back
    return "computed in the parent"


def _unpicklable(parent: int):
    if os.getpid() != parent:
        return lambda: "a lambda does not pickle"
    return "computed in the parent"


def _sleep_long() -> None:
    import time

    time.sleep(60)


@linux_only
def test_the_function_runs_in_another_process():
    assert parallel.fork_call(_pid).result() != os.getpid()


def _answer(size: int) -> tuple[bytes, str, int]:
    import hashlib

    answer = os.urandom(size)
    return answer, hashlib.sha256(answer).hexdigest(), os.getpid()


@linux_only
@pytest.mark.parametrize("size", [10, 200_000, 3_000_000])  # under, over 64 KiB, and over the 1 MiB pipe
def test_an_answer_of_any_size_arrives_whole(size):
    import hashlib

    answer, digest, pid = parallel.fork_call(_answer, size).result()
    assert (len(answer), hashlib.sha256(answer).hexdigest()) == (size, digest) and pid != os.getpid()


@linux_only
def test_an_exception_in_the_child_is_raised_in_the_parent():
    pending = parallel.fork_call(_fail)
    with pytest.raises(ValueError, match="bad value in the child"):
        pending.result()


@linux_only
def test_a_child_that_dies_leaves_the_work_to_the_parent():
    assert parallel.fork_call(_die_in_child, os.getpid()).result() == "computed in the parent"


@linux_only
def test_a_result_that_does_not_pickle_is_computed_in_the_parent():
    assert parallel.fork_call(_unpicklable, os.getpid()).result() == "computed in the parent"


@linux_only
def test_cancel_stops_and_reaps_the_child():
    import time

    started = time.monotonic()
    pending = parallel.fork_call(_sleep_long)
    child = pending._pid
    pending.cancel()
    assert time.monotonic() - started < 10
    with pytest.raises(ChildProcessError):
        os.waitpid(child, os.WNOHANG)


@linux_only
def test_interrupted_while_waiting_the_child_can_still_be_cancelled():
    import signal

    def interrupt(*_):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGALRM, interrupt)
    pending = parallel.fork_call(_sleep_long)
    child = pending._pid
    signal.setitimer(signal.ITIMER_REAL, 0.3)
    try:
        with pytest.raises(KeyboardInterrupt):
            pending.result()
        pending.cancel()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    with pytest.raises(ChildProcessError):
        os.waitpid(child, os.WNOHANG)


def test_with_another_thread_running_it_does_not_fork():
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert parallel.fork_call(_pid).result() == os.getpid()
    finally:
        stop.set()
        thread.join()


@linux_only
def test_a_pausable_thread_is_stopped_for_the_fork_and_started_again():
    events: list[str] = []
    spinner: list[threading.Thread] = []
    halt = threading.Event()

    def start() -> None:
        halt.clear()
        spinner.append(threading.Thread(target=halt.wait))
        spinner[-1].start()
        events.append("start")

    def stop() -> None:
        halt.set()
        spinner[-1].join()
        events.append("stop")

    start()
    try:
        with parallel.pausable_thread(stop, start):
            child = parallel.fork_call(_pid).result()
        assert child != os.getpid()
        assert events == ["start", "stop", "start"]
        assert spinner[-1].is_alive()
    finally:
        stop()


def _report(source, split: bool) -> dict:
    report = api.scan_loaded(load(str(source)), str(source), split=split)
    return asdict(report)


@pytest.mark.parametrize("fixture", ["bookshop.yaml", "dimensions/shop.yaml", "bad/duplicate-key.yaml", "swagger2.yaml"])
def test_split_and_single_process_reports_are_identical(fixture):
    source = FIXTURES / fixture
    assert _report(source, split=True) == _report(source, split=False)


@pytest.fixture
def large_api(tmp_path):
    """The bookshop with SPLIT_FROM_OPERATIONS more operations."""
    document = yaml.safe_load((FIXTURES / "bookshop.yaml").read_text(encoding="utf-8"))
    template = next(iter(document["paths"].values()))
    for number in range(api.SPLIT_FROM_OPERATIONS):
        document["paths"][f"/copies{number}"] = template
    source = tmp_path / "large.yaml"
    source.write_text(yaml.safe_dump(document), encoding="utf-8")
    return source


@pytest.mark.parametrize(("cores", "forks"), [(2, 1), (1, 0)])
def test_a_large_api_is_split_by_default_when_there_are_two_cores(large_api, monkeypatch, cores, forks):
    calls = []
    monkeypatch.setattr(api, "usable_cores", lambda: cores)
    monkeypatch.setattr(api, "fork_call", lambda *args, **options: calls.append(args) or parallel.fork_call(*args, **options))
    by_default = asdict(api.scan_loaded(load(str(large_api)), str(large_api)))
    assert len(calls) == forks
    assert by_default == _report(large_api, split=False)


def test_a_small_api_is_not_split(monkeypatch):
    calls = []
    monkeypatch.setattr(api, "usable_cores", lambda: 2)
    monkeypatch.setattr(api, "fork_call", lambda *args, **options: calls.append(args) or parallel.fork_call(*args, **options))
    api.scan_loaded(load(str(FIXTURES / "bookshop.yaml")), "bookshop.yaml")
    assert calls == []


def test_only_a_process_that_asked_keeps_what_its_scan_built(monkeypatch):
    """The console script keeps a scan's document, model and contexts until it exits instead of
    freeing them as the scan returns; any other caller (a portfolio, a test) frees them."""
    from dxscan.checks import Context
    from dxscan.load.loader import LoadedSpec
    from dxscan.model import Spec
    from dxscan.scan import pipeline

    assert pipeline._kept is None
    pipeline.scan(str(FIXTURES / "bookshop.yaml"))
    assert pipeline._kept is None
    monkeypatch.setattr(pipeline, "_kept", None)
    pipeline.keep_until_exit()
    pipeline.scan(str(FIXTURES / "bookshop.yaml"))
    assert [type(value) for value in pipeline._kept] == [LoadedSpec, Spec, Context]
    kept = pipeline._kept[0].files[str(FIXTURES / "bookshop.yaml")]
    assert (kept.text, kept._yaml, kept._line_starts) == ("", None, None)  # its text let go of: room for the report
    assert kept.data["paths"]


def test_a_scan_that_keeps_its_objects_gives_the_same_report(monkeypatch):
    from dxscan.scan import pipeline

    source = str(FIXTURES / "dimensions" / "shop.yaml")
    freed = pipeline.scan(source)
    monkeypatch.setattr(pipeline, "_kept", None)
    pipeline.keep_until_exit()
    assert pipeline.scan(source) == freed


_REMEMBERED: list[int] = []


def _remember_pid() -> int:
    _REMEMBERED.append(os.getpid())  # in the child's memory only
    return os.getpid()


def _recall(offset: int) -> list[int]:
    return [pid + offset for pid in _REMEMBERED]


def _wait_until_ready(pending, seconds: float = 10.0) -> None:
    import time

    deadline = time.monotonic() + seconds
    while not pending.ready():
        assert time.monotonic() < deadline, "the child never finished"
        time.sleep(0.005)


@linux_only
def test_a_serving_child_answers_from_its_own_memory_until_closed():
    pending = parallel.fork_call(_remember_pid, serve=_recall)
    _wait_until_ready(pending)
    child = pending.result()
    assert child != os.getpid() and _REMEMBERED == []
    assert pending.ask(0) == [child]
    assert pending.ask(10) == [child + 10]
    pending.close()
    assert pending._pid is None
    with pytest.raises(ProcessLookupError):
        os.kill(child, 0)  # reaped
    with pytest.raises(parallel.ChildGone):
        pending.ask(0)


def _ended_unreaped(pid: int) -> bool:
    """Has PID ended, its exit status not collected yet (a zombie)?"""
    with open(f"/proc/{pid}/stat") as stat:
        return stat.read().rsplit(")", 1)[1].split()[0] == "Z"


@linux_only
def test_a_child_let_go_of_is_reaped_by_the_next_fork():
    import time

    pending = parallel.fork_call(_remember_pid, serve=_recall)
    child = pending.result()
    pending.let_go()  # returns without waiting for the child to end
    assert pending._pid is None and child in parallel._LET_GO
    with pytest.raises(parallel.ChildGone):
        pending.ask(0)
    deadline = time.monotonic() + 10
    while not _ended_unreaped(child):  # its end of the questions closed, it ends
        assert time.monotonic() < deadline, "the child never ended"
        time.sleep(0.005)
    assert parallel.fork_call(_pid).result() != os.getpid()
    assert child not in parallel._LET_GO
    with pytest.raises(ProcessLookupError):
        os.kill(child, 0)  # reaped


@linux_only
def test_a_process_about_to_end_waits_for_the_children_it_let_go_of():
    """So that its own parent is told of their CPU time and peak memory (the console script's
    exit, `cli.app._leave`)."""
    pending = parallel.fork_call(_remember_pid, serve=_recall)
    child = pending.result()
    pending.let_go()
    parallel.reap_let_go(wait=True)
    assert child not in parallel._LET_GO
    with pytest.raises(ProcessLookupError):
        os.kill(child, 0)  # reaped


@linux_only
def test_a_serving_child_that_failed_or_died_answers_nothing():
    failed = parallel.fork_call(_fail, serve=_recall)
    _wait_until_ready(failed)
    with pytest.raises(parallel.ChildGone):
        failed.ask(0)
    with pytest.raises(ValueError, match="bad value in the child"):
        failed.result()
    failed.close()
    died = parallel.fork_call(_die_in_child, os.getpid(), serve=_recall)
    _wait_until_ready(died)  # its end of the pipe closed: readable, at end of file
    with pytest.raises(parallel.ChildGone):
        died.ask(0)
    assert died.result() == "computed in the parent"
    died.close()
    killed = parallel.fork_call(_remember_pid, serve=_recall)
    _wait_until_ready(killed)
    killed.result()
    os.kill(killed._pid, 9)
    with pytest.raises(parallel.ChildGone):
        killed.ask(0)
    killed.close()


def test_without_a_child_nothing_is_ready_and_nothing_answers(monkeypatch):
    monkeypatch.setattr(parallel, "forks_here", lambda: False)
    pending = parallel.fork_call(_pid, serve=_recall)
    assert not pending.ready()
    with pytest.raises(parallel.ChildGone):
        pending.ask(0)
    assert pending.result() == os.getpid()
    pending.close()


def _located_nothing() -> int:
    return 0


@linux_only
def test_the_graph_half_asks_a_finished_child_where_its_findings_are(tmp_path):
    """Asked, the child answers from its own copy of the spec: this process indexes nothing."""
    import json

    source = tmp_path / "shop.json"
    source.write_text(json.dumps(yaml.safe_load((FIXTURES / "dimensions" / "shop.yaml").read_text(encoding="utf-8")), indent=2))
    loaded = load(str(source))
    pointers = {"/paths", "/info/title", "/components/schemas/Order/properties/id", "/nowhere/at/all"}
    expected = load(str(source)).locate_all(pointers)
    assert len({location.line for location in expected.values()}) == 4
    pending = parallel.fork_call(_located_nothing, serve=loaded.locate_all)
    try:
        _wait_until_ready(pending)
        assert api._locator(pending, loaded)(pointers) == expected
        assert loaded.files[str(source)]._json._members == {}  # indexed in the child, not here
    finally:
        pending.close()
    assert api._locator(pending, loaded)(pointers) == expected  # the child gone: found here
    assert loaded.files[str(source)]._json._members != {}
