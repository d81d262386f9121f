"""The chaos soak: one client shared by 4 threads, short workflows, 20 % of requests failing.

The emulator runs in chaos mode (every path: 502 pages, 503 with Retry-After,
connections closed after the request was carried out, replies held past the
read timeout, replies whose body is cut short by a closed connection). Each
thread runs short workflows (create, upload, submit, task info, frames, task
list, restart failed frames) and every call is checked:

1. it returns the right data, or raises a ``RayvisionError`` subclass; never a
   bare ``requests``, ``urllib3``, ``socket`` or ``json`` exception; and never
   a ``RayvisionResponseError`` (a bad reply), since every reply the emulator
   completes is good: a body cut short is a broken connection;
2. it ends within (retries + 1) x (timeouts + the longest wait between tries),
   plus a margin for a loaded machine;
3. a call that is not safe to repeat (create, submit, frame restart) reaches
   the emulator at most once, counted from the emulator's own records;
4. reads recover: at least 90 % of the retry-safe calls succeed;
5. at the end no thread is left running and no socket left open.

Every CI run does a quick soak (about 250 calls); ``--soak-long`` runs 15 times
as many. The figures are printed; docs/reliability.md quotes them.
"""

import gc
import json
import os
import threading
import time
import traceback
from collections import Counter
from typing import Any, Callable, Dict, List, NamedTuple, Optional, Tuple

import pytest

from dayan_api import endpoints
from dayan_api.connect import MAX_BACKOFF
from dayan_api.emulator import Chaos, serve
from dayan_api.emulator.chaos import CUT_SHORT, KINDS
from dayan_api.exception import RayvisionError, RayvisionResponseError

THREADS = 4
QUICK_WORKFLOWS = 10  # per thread, on every run
LONG_WORKFLOWS = 150  # per thread, with --soak-long
RATE = 0.2
SEED = 20261129

CONNECT_TIMEOUT = 2.0
READ_TIMEOUT = 0.5
LATE_BY = READ_TIMEOUT + 0.75  # how long a late reply is held: past the read timeout
RETRY_AFTER = 1.0  # what a 503 asks the client to wait
BACKOFF = 0.05
MAX_RETRIES = 2
MARGIN = 10.0  # seconds: for a loaded 2-core machine; a healthy call is far inside

LONGEST_WAIT = max(min(MAX_BACKOFF, BACKOFF * 2 ** (MAX_RETRIES - 1)), RETRY_AFTER)
CALL_BOUND = (MAX_RETRIES + 1) * (CONNECT_TIMEOUT + READ_TIMEOUT + LONGEST_WAIT) + MARGIN
READ_SUCCESS_FLOOR = 0.9

# How a call that is not safe to repeat is told apart in the emulator's
# records: by the one body value that is unique to it.
NOT_RETRY_SAFE_KEYS: Dict[str, Callable[[Dict[str, Any]], Any]] = {
    endpoints.CREATE_TASK.path: lambda body: body.get("artist"),
    endpoints.SUBMIT_TASK.path: lambda body: body.get("taskId"),
    endpoints.RECOMMIT_FAIL_FRAME.path: lambda body: (body.get("taskIds") or [None])[0],
}


class Call(NamedTuple):
    name: str
    endpoint: endpoints.Endpoint
    key: Any  # the body value that identifies a call not safe to repeat
    seconds: float
    outcome: str  # "ok", or the class name of the error raised
    problem: Optional[str]  # the invariant this call broke, if any


class Soak:
    """Runs workflows on one shared client and keeps a record of every call."""

    def __init__(self, api: Any, emu: Any) -> None:
        self.api = api
        self.emu = emu
        self.calls: List[Call] = []
        self.lock = threading.Lock()

    def call(
        self,
        name: str,
        endpoint: endpoints.Endpoint,
        key: Any,
        function: Callable[[], Any],
        check: Callable[[Any], Optional[str]],
    ) -> Tuple[bool, Any]:
        """Make one call, judge it; returns (succeeded, data)."""
        started = time.monotonic()
        problem = None
        outcome = "ok"
        data = None
        try:
            data = function()
        except RayvisionResponseError as error:
            outcome = type(error).__name__
            problem = "raised {}: {}".format(outcome, error)
        except RayvisionError as error:
            outcome = type(error).__name__
        except Exception as error:  # invariant 1: nothing else may come out
            outcome = type(error).__name__
            problem = "raised a bare {}:\n{}".format(outcome, traceback.format_exc())
        else:
            problem = check(data)
        seconds = time.monotonic() - started
        with self.lock:
            self.calls.append(Call(name, endpoint, key, seconds, outcome, problem))
        return outcome == "ok" and problem is None, data

    def workflow(self, thread: int, number: int) -> None:
        api = self.api
        tag = "soak-{}-{}".format(thread, number)
        created, data = self.call(
            "create", endpoints.CREATE_TASK, tag, lambda: api.task.create_task(artist=tag), _created
        )
        if not created:
            return
        task_id = data["taskIdList"][0]
        content = {
            "task_info": {"input_cg_file": "D:/soak/{}.mb".format(tag), "frames": "1-3"},
            "emulator": {"fail_frames": [2]},
        }
        self.call(
            "upload",
            endpoints.TASK_JSON_FILE,
            task_id,
            lambda: api.transmit.upload_json_content(task_id, content),
            lambda _: self._uploaded(task_id, content),
        )
        submitted, _ = self.call(
            "submit",
            endpoints.SUBMIT_TASK,
            task_id,
            lambda: api.task.submit_task(task_id),
            lambda _: None,
        )
        self.call(
            "task info",
            endpoints.QUERY_TASK_INFO,
            task_id,
            lambda: api.query.task_info([task_id]),
            lambda reply: _task_info(reply, task_id, submitted),
        )
        self.emu.advance(30)  # frames 1 and 3 render, frame 2 fails
        self.call(
            "frames",
            endpoints.QUERY_TASK_FRAMES,
            task_id,
            lambda: api.query.task_frames(task_id, 1, 10),
            lambda reply: _frames(reply, task_id),
        )
        self.call(
            "task list",
            endpoints.GET_TASK_LIST,
            None,
            lambda: api.query.get_task_list(page_num=1, page_size=5),
            _page,
        )
        self.call(
            "restart failed frames",
            endpoints.RECOMMIT_FAIL_FRAME,
            task_id,
            lambda: api.query.restart_failed_frames([task_id]),
            lambda _: None,
        )

    def _uploaded(self, task_id: int, content: Dict[str, Any]) -> Optional[str]:
        stored = self.emu.uploaded_config(task_id)
        if stored is None or json.loads(stored) != content:
            return "upload succeeded but the emulator holds {!r}".format(stored)
        return None


def _created(reply: Any) -> Optional[str]:
    ids = reply.get("taskIdList") if isinstance(reply, dict) else None
    if not (isinstance(ids, list) and len(ids) == 1 and isinstance(ids[0], int)):
        return "createTask returned {!r}".format(reply)
    return None


def _task_info(reply: Any, task_id: int, submitted: bool) -> Optional[str]:
    items = reply.get("items") if isinstance(reply, dict) else None
    if not (isinstance(items, list) and len(items) == 1 and items[0].get("id") == task_id):
        return "queryTaskInfo of {} returned {!r}".format(task_id, reply)
    if submitted and items[0].get("taskStatus") == 0:
        return "task {} was submitted but shows status 0".format(task_id)
    return None


def _frames(reply: Any, task_id: int) -> Optional[str]:
    items = reply.get("items") if isinstance(reply, dict) else None
    if not isinstance(items, list) or any(item.get("taskId") != task_id for item in items):
        return "queryTaskFrames of {} returned {!r}".format(task_id, reply)
    return None


def _page(reply: Any) -> Optional[str]:
    if not (isinstance(reply, dict) and isinstance(reply.get("items"), list)):
        return "getTaskList returned {!r}".format(reply)
    return None


def _open_sockets() -> Optional[int]:
    """How many sockets this process holds open (Linux); None where unknown."""
    folder = "/proc/self/fd"
    if not os.path.isdir(folder):
        return None
    count = 0
    for name in os.listdir(folder):
        try:
            count += os.readlink(os.path.join(folder, name)).startswith("socket:")
        except OSError:
            continue  # closed meanwhile (the listing's own descriptor)
    return count


def _arrivals(records: List[Any]) -> Counter:
    """How often each call not safe to repeat reached the emulator: (path, key) -> count."""
    counts: Counter = Counter()
    for record in records:
        key_of = NOT_RETRY_SAFE_KEYS.get(record.path)
        if key_of is not None and isinstance(record.body, dict):
            counts[record.path, key_of(record.body)] += 1
    return counts


def test_chaos_soak(request, capsys):
    workflows = LONG_WORKFLOWS if request.config.getoption("--soak-long") else QUICK_WORKFLOWS
    gc.collect()
    threads_before = set(threading.enumerate())
    sockets_before = _open_sockets()
    started = time.monotonic()

    chaos = Chaos(RATE, seed=SEED, delay=LATE_BY, retry_after=RETRY_AFTER)
    emu = serve(speed=0, chaos=chaos, max_records=THREADS * workflows * 40)
    api = emu.client(
        timeout=(CONNECT_TIMEOUT, READ_TIMEOUT), max_retries=MAX_RETRIES, backoff=BACKOFF
    )
    soak = Soak(api, emu)
    crashed: List[str] = []

    def worker(thread: int) -> None:
        try:
            for number in range(workflows):
                soak.workflow(thread, number)
        except Exception:  # a bug of the test itself: fail loudly
            crashed.append(traceback.format_exc())

    workers = [
        threading.Thread(target=worker, args=(n,), name="soak-{}".format(n)) for n in range(THREADS)
    ]
    try:
        for thread in workers:
            thread.start()
        deadline = time.monotonic() + workflows * 7 * CALL_BOUND
        for thread in workers:
            thread.join(max(0.0, deadline - time.monotonic()))
        assert not any(thread.is_alive() for thread in workers), "a soak thread never finished"
    finally:
        api.close()
        emu.close()
    records = emu.requests
    elapsed = time.monotonic() - started

    # Invariant 5: nothing left behind (the emulator's threads end within close()).
    gc.collect()
    leftover = set(threading.enumerate()) - threads_before
    sockets_after = _open_sockets()

    calls = soak.calls
    reads = [call for call in calls if call.endpoint.retry_safe]
    once_only = [call for call in calls if not call.endpoint.retry_safe]
    reads_ok = sum(call.outcome == "ok" for call in reads)
    arrivals = _arrivals(records)
    sent_twice = {key: count for key, count in arrivals.items() if count > 1}
    outcomes = Counter(call.outcome for call in calls)
    longest = max(calls, key=lambda call: call.seconds)
    retried = len([r for r in records if r.path not in NOT_RETRY_SAFE_KEYS]) - len(reads)
    faults = chaos.counts()

    figures = [
        "chaos soak: {} threads x {} workflows, P={}, seed {}, {:.1f} s".format(
            THREADS, workflows, RATE, SEED, elapsed
        ),
        "calls {} ({} retry-safe, {} not); requests received {}".format(
            len(calls), len(reads), len(once_only), len(records)
        ),
        "faults injected: " + ", ".join("{} {}".format(kind, faults[kind]) for kind in KINDS),
        "successes {}; typed errors {} ({})".format(
            outcomes["ok"],
            len(calls) - outcomes["ok"],
            ", ".join(
                "{} {}".format(name, count)
                for name, count in sorted(outcomes.items())
                if name != "ok"
            ),
        ),
        "typed errors by call: "
        + ", ".join(
            "{} {} {}".format(name, error, count)
            for (name, error), count in sorted(
                Counter((call.name, call.outcome) for call in calls if call.outcome != "ok").items()
            )
        ),
        "retry-safe calls that succeeded: {} of {} ({:.1%}); retries sent {}".format(
            reads_ok, len(reads), reads_ok / len(reads), retried
        ),
        "calls not safe to repeat that reached the emulator twice: {}".format(len(sent_twice)),
        "longest call {:.2f} s ({}); bound {:.1f} s".format(
            longest.seconds, longest.name, CALL_BOUND
        ),
    ]
    with capsys.disabled():
        print("\n" + "\n  ".join(figures))

    assert crashed == []
    problems = [call.problem for call in calls if call.problem]
    assert problems == [], "\n\n".join(problems[:5])  # invariant 1
    assert len(calls) >= THREADS * workflows  # every workflow made its calls
    assert all(count > 0 for count in faults.values()), faults  # each kind was met
    assert faults[CUT_SHORT] > 0, faults  # bodies cut short: the reason this kind exists
    too_long = [call for call in calls if call.seconds > CALL_BOUND]
    assert too_long == []  # invariant 2
    assert sent_twice == {}  # invariant 3
    assert all(record.signature_ok for record in records)
    assert reads_ok >= READ_SUCCESS_FLOOR * len(reads)  # invariant 4
    assert leftover == set(), leftover  # invariant 5
    if sockets_before is not None and sockets_after is not None:
        assert sockets_after <= sockets_before


def test_the_arrival_count_tells_calls_apart():
    # The at-most-once check would pass vacuously if it could not count.
    class Record(NamedTuple):
        path: str
        body: Any

    records = [
        Record(endpoints.CREATE_TASK.path, {"count": 1, "artist": "soak-0-0"}),
        Record(endpoints.CREATE_TASK.path, {"count": 1, "artist": "soak-0-0"}),
        Record(endpoints.CREATE_TASK.path, {"count": 1, "artist": "soak-0-1"}),
        Record(endpoints.SUBMIT_TASK.path, {"taskId": 7}),
        Record(endpoints.RECOMMIT_FAIL_FRAME.path, {"taskIds": [7]}),
        Record(endpoints.QUERY_TASK_INFO.path, {"taskIds": [7]}),
    ]
    assert _arrivals(records) == Counter(
        {
            (endpoints.CREATE_TASK.path, "soak-0-0"): 2,
            (endpoints.CREATE_TASK.path, "soak-0-1"): 1,
            (endpoints.SUBMIT_TASK.path, 7): 1,
            (endpoints.RECOMMIT_FAIL_FRAME.path, 7): 1,
        }
    )


@pytest.mark.skipif(_open_sockets() is None, reason="counts sockets through /proc")
def test_the_socket_count_sees_a_socket():
    import socket

    before = _open_sockets()
    with socket.socket():
        assert _open_sockets() == before + 1
