"""Speed and memory goals of dayan_api, as ratios measured in one run.

The machine is shared and noisy, so every goal compares two things measured
side by side, alternating, in the same run, and reports the median ratio:

- call overhead: an SDK call (validate, sign, post, read the envelope) against
  a bare ``requests`` POST of the same pre-signed request, both over loopback
  to the emulator: the wall time, and this process's CPU time (the emulator
  runs in another);
- signing: signing one typical request, against one loopback round trip;
- import: ``import dayan_api`` and making a ``RayvisionAPI``, against
  ``import requests``, fresh processes, both read from bytecode as a pip
  install leaves them;
- the command line: what ``dayan --help`` and ``dayan --version`` import of
  requests and the client (nothing);
- client memory: a ``RayvisionAPI`` against a bare ``requests.Session``;
- frame listing memory: peak memory of ``get_all_frames`` on a 2,000-frame
  task (pages of 500), one page at a time, against the memory the frames it
  returns hold (the rest is one page in flight); and with the default
  ``workers`` (up to 4 pages in flight) against one page at a time;
- concurrent paging: ``get_all_frames`` on a 20,000-frame task with the
  default ``workers`` against ``workers=1``, each reply 20 ms late (the
  emulator's ``--latency 20``, a real round trip);
- lazy frames: peak memory of ``iter_frames`` over that task against
  ``get_all_frames``, and against ``iter_frames`` over a 2,000-frame task
  (flat: it must not grow with the frame count);
- polling: ``wait_for_task`` on 100 tasks, requests sent per poll.

Figures of a run are in benchmarks/README.md.

Run: ``python benchmarks/run.py`` (``--check`` exits 1 when a goal is missed).
"""

import argparse
import compileall
import contextlib
import os
import statistics
import subprocess
import sys
import time
import tracemalloc
from typing import Callable, Dict, Iterator, List, Tuple

import requests

import dayan_api
from dayan_api import RayvisionAPI, endpoints, signature
from dayan_api.emulator import DEFAULT_ACCESS_ID, DEFAULT_ACCESS_KEY, serve

ROUNDS = 25
CALLS_PER_ROUND = 40
IMPORT_ROUNDS = 15
PAGING_ROUNDS = 5  # each round reads 20,000 frames twice: about 6 s at 20 ms a page
BIG_TASK_FRAMES = 20000
LATENCY_MS = 20


def alternate(first: Callable[[], None], second: Callable[[], None], rounds: int) -> float:
    """Median over rounds of time(first) / time(second), run in turns."""
    return alternate_wall_and_cpu(first, second, rounds)[0]


def alternate_wall_and_cpu(
    first: Callable[[], None], second: Callable[[], None], rounds: int
) -> Tuple[float, float]:
    """Medians over rounds of the wall time and of this process's CPU time,
    first / second, run in turns."""
    walls, cpus = [], []
    for _ in range(rounds):
        wall, cpu = time.perf_counter(), time.process_time()
        first()
        wall_middle, cpu_middle = time.perf_counter(), time.process_time()
        second()
        wall_end, cpu_end = time.perf_counter(), time.process_time()
        walls.append((wall_middle - wall) / (wall_end - wall_middle))
        cpus.append((cpu_middle - cpu) / (cpu_end - cpu_middle))
    return statistics.median(walls), statistics.median(cpus)


@contextlib.contextmanager
def emulator_process(latency_ms: int = 0) -> Iterator[RayvisionAPI]:
    """A client of an emulator in its own process, so that the server's work
    is neither timed nor traced here; its clock runs fast, so tasks end at once."""
    command = [sys.executable, "-m", "dayan_api.emulator", "--speed", "1000000"]
    command += ["--latency", str(latency_ms)]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    try:
        url = server.stdout.readline().split()[-1]
        protocol, domain = url.split("://")
        with RayvisionAPI(DEFAULT_ACCESS_ID, DEFAULT_ACCESS_KEY, domain, protocol=protocol) as api:
            yield api
    finally:
        server.terminate()
        server.wait(timeout=10)


def call_overhead(api: RayvisionAPI) -> Tuple[float, float, float]:
    path = "/api/render/handle/queryAllFrameStats"
    session = requests.Session()
    # One pre-signed request per bare POST (valid for the 300 s window): the
    # emulator refuses a signed request sent twice, as a replay.
    bare_calls = CALLS_PER_ROUND * (1 + 2 * ROUNDS)
    presigned = iter([api.connect.signed_headers(path, {}) for _ in range(bare_calls)])

    def sdk() -> None:
        for _ in range(CALLS_PER_ROUND):
            api.query.all_frame_status()

    def bare() -> None:
        for _ in range(CALLS_PER_ROUND):
            headers = next(presigned)
            reply = session.post(api.connect.base_url + path, data=b"{}", headers=headers)
            assert reply.json()["code"] == 200, reply.text

    sdk(), bare()  # warm both connection pools
    wall, cpu = alternate_wall_and_cpu(sdk, bare, ROUNDS)

    body = {"taskIds": [13798105, 13798106], "status": [1, 5, 11], "param": {"a": {"b": True}}}
    base = dict(api.connect.headers)

    def sign() -> None:
        for _ in range(CALLS_PER_ROUND):
            signature.sign("key", api.connect.domain, path, base, body)

    signing = alternate(sign, bare, ROUNDS)
    session.close()
    return wall, cpu, signing


def import_time() -> float:
    # Measured as installed: pip compiles a wheel's modules to bytecode, so
    # requests is read from bytecode. dayan_api, when run from a checkout or
    # an editable install, may have none (and PYTHONDONTWRITEBYTECODE stops
    # Python writing it): compile it first, or the row times the compiler.
    package = os.path.dirname(dayan_api.__file__)
    compileall.compile_dir(package, quiet=1)
    # "python -c" looks in its working folder first: run it beside the copy
    # just compiled, or a run from a checkout against an installed copy
    # imports the checkout's, uncompiled under PYTHONDONTWRITEBYTECODE.
    beside = os.path.dirname(package)

    def run(code: str) -> Callable[[], None]:
        return lambda: subprocess.run([sys.executable, "-c", code], check=True, cwd=beside)

    client = "import dayan_api; dayan_api.RayvisionAPI('id', 'key')"
    return alternate(run(client), run("import requests"), IMPORT_ROUNDS)


def cli_client_modules() -> int:
    """How many modules of requests, urllib3 and the client ``dayan --help`` and
    ``dayan --version`` import (each in a fresh process)."""
    code = (
        "import sys\n"
        "from dayan_api.cli import main\n"
        "main([sys.argv[1]])\n"
        "heavy = ('requests', 'urllib3', 'dayan_api.core', 'dayan_api.connect',"
        " 'dayan_api.operators')\n"
        "found = [m for m in sys.modules if any(m == h or m.startswith(h + '.') for h in heavy)]\n"
        "print(len(found), file=sys.stderr)\n"
    )
    count = 0
    for option in ("--help", "--version"):
        done = subprocess.run(
            [sys.executable, "-c", code, option],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            check=True,
        )
        count += int(done.stderr.split()[-1])
    return count


def client_memory() -> float:
    def measure(make: Callable[[], object]) -> int:
        make()  # imports and caches out of the way
        tracemalloc.start()
        kept = [make() for _ in range(50)]
        size = tracemalloc.get_traced_memory()[0]
        tracemalloc.stop()
        del kept
        return size

    client = measure(lambda: RayvisionAPI("id", "key"))
    session = measure(requests.Session)
    return client / session


def rendered_task(api: RayvisionAPI, frames: int) -> int:
    """A task of ``frames`` frames, submitted and rendered to the end."""
    task_id = api.task.create_task()["taskIdList"][0]
    api.transmit.upload_json_content(task_id, {"task_info": {"frames": f"1-{frames}[1]"}})
    api.submit(task_id)
    while api.query.task_info([task_id])["items"][0]["taskStatus"] != 25:
        time.sleep(0.05)
    return task_id


def frame_listing_memory(api: RayvisionAPI) -> Tuple[float, float]:
    """get_all_frames one page at a time: peak / the frames it returns; and
    the default workers' peak / one page at a time's (median of 5 rounds)."""
    task_id = rendered_task(api, 2000)

    def listing_peak(workers: int) -> Tuple[int, int]:
        tracemalloc.start()
        frames = api.query.get_all_frames(task_id, page_size=500, workers=workers)
        kept, peak = tracemalloc.get_traced_memory()  # kept: the frames returned, still held
        tracemalloc.stop()
        assert len(frames) == 2000
        return kept, peak

    kept, peak = listing_peak(1)
    rounds = [listing_peak(4)[1] / listing_peak(1)[1] for _ in range(5)]
    return peak / kept, statistics.median(rounds)


def peak_memory(action: Callable[[], object]) -> int:
    tracemalloc.start()
    action()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def lazy_frames_memory(api: RayvisionAPI) -> Tuple[float, float]:
    """iter_frames' peak on 20,000 frames against get_all_frames', and against its own on 2,000."""
    big = rendered_task(api, BIG_TASK_FRAMES)
    small = rendered_task(api, 2000)

    def scan(task_id: int) -> Callable[[], None]:
        def run() -> None:
            count = sum(1 for _ in api.query.iter_frames(task_id))
            assert count in (BIG_TASK_FRAMES, 2000)

        return run

    listing = peak_memory(lambda: api.query.get_all_frames(big))
    lazy_big = peak_memory(scan(big))
    lazy_small = peak_memory(scan(small))
    return lazy_big / listing, lazy_big / lazy_small


def concurrent_paging(api: RayvisionAPI) -> Tuple[float, float, float]:
    """get_all_frames with the default workers / workers=1, 20,000 frames, 20 ms a reply.

    Also the median seconds of each, for the record.
    """
    task_id = rendered_task(api, BIG_TASK_FRAMES)
    seconds: Dict[int, List[float]] = {4: [], 1: []}

    def read(workers: int) -> Callable[[], None]:
        def run() -> None:
            started = time.perf_counter()
            frames = api.query.get_all_frames(task_id, workers=workers)
            seconds[workers].append(time.perf_counter() - started)
            assert len(frames) == BIG_TASK_FRAMES

        return run

    read(4)()  # opens the pool's connections
    seconds[4].clear()
    ratio = alternate(read(4), read(1), PAGING_ROUNDS)
    return ratio, statistics.median(seconds[4]), statistics.median(seconds[1])


def requests_per_poll() -> float:
    """wait_for_task on 100 tasks: queryTaskInfo requests / polls.

    An emulator in this process, its clock frozen; each sleep of the wait
    moves the clock instead of waiting, so the tasks render across polls.
    """
    with serve(speed=0) as emu, emu.client() as api:
        ids = api.task.create_task(count=100)["taskIdList"]
        for task_id in ids:
            api.transmit.upload_json_content(task_id, {"task_info": {"frames": "1-5[1]"}})
            api.submit(task_id)
        sleeps: List[float] = []

        def sleep(seconds: float) -> None:
            sleeps.append(seconds)
            emu.advance(seconds)

        api.query._sleep = sleep
        emu.clear_requests()
        items = api.query.wait_for_task(ids, interval=10)
        assert all(item["taskStatus"] == 25 for item in items)
        path = endpoints.QUERY_TASK_INFO.path
        sent = sum(1 for record in emu.requests if record.path == path)
        return sent / (len(sleeps) + 1)


def main(argv: List[str] = None) -> int:
    parser = argparse.ArgumentParser(description="dayan_api speed and memory goals")
    parser.add_argument("--check", action="store_true", help="exit 1 when a goal is missed")
    args = parser.parse_args(argv)
    with emulator_process() as api:
        overhead, overhead_cpu, signing = call_overhead(api)
        listing, concurrent_listing = frame_listing_memory(api)
        lazy_against_listing, lazy_flat = lazy_frames_memory(api)
    with emulator_process(latency_ms=LATENCY_MS) as api:
        paging, concurrent_seconds, sequential_seconds = concurrent_paging(api)
    results = [
        ("call overhead: SDK call / bare requests POST (wall)", overhead, 1.08),
        ("call overhead: SDK call / bare requests POST (CPU)", overhead_cpu, 1.08),
        ("signing: one signature / one loopback round trip", signing, 0.10),
        ("import: dayan_api + a client / import requests", import_time(), 1.15),
        ("dayan --help, --version: modules of requests, client", cli_client_modules(), 0),
        ("memory: RayvisionAPI / requests.Session", client_memory(), 1.5),
        ("memory: get_all_frames peak / frames it returns", listing, 1.5),
        ("memory: get_all_frames peak, workers=4 / workers=1", concurrent_listing, 1.5),
        ("paging 20,000 frames at 20 ms: workers=4 / workers=1", paging, 1 / 3),
        ("memory: iter_frames peak / get_all_frames peak", lazy_against_listing, 0.05),
        ("memory: iter_frames peak, 20,000 / 2,000 frames", lazy_flat, 1.25),
        ("wait_for_task, 100 tasks: requests per poll", requests_per_poll(), 1.0),
    ]
    missed = 0
    print("{:<56} {:>8} {:>8}".format("goal", "ratio", "at most"))
    for name, ratio, goal in results:
        ok = ratio <= goal
        missed += not ok
        print("{:<56} {:>8.3f} {:>8.2f} {}".format(name, ratio, goal, "ok" if ok else "MISSED"))
    print(
        "get_all_frames, 20,000 frames at {} ms a reply: {:.2f} s with workers=4, "
        "{:.2f} s with workers=1 (medians)".format(
            LATENCY_MS, concurrent_seconds, sequential_seconds
        )
    )
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
