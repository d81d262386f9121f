"""Speed and memory goals of dayan_api, as ratios measured in one run.

The machine is shared and noisy, so every goal compares two things measured
side by side, alternating, in the same run, and reports the median ratio:

- call overhead: an SDK call (validate, sign, post, read the envelope) against
  a bare ``requests`` POST of the same pre-signed request, both over loopback
  to the emulator;
- signing: signing one typical request, against one loopback round trip;
- import: ``import dayan_api`` against ``import requests``, fresh processes;
- client memory: a ``RayvisionAPI`` against a bare ``requests.Session``;
- frame listing memory: peak memory of ``get_all_frames`` on a 2,000-frame
  task, against the memory the frames it returns hold (the rest is one page
  in flight).

Run: ``python benchmarks/run.py`` (``--check`` exits 1 when a goal is missed).
"""

import argparse
import contextlib
import statistics
import subprocess
import sys
import time
import tracemalloc
from typing import Callable, Iterator, List, Tuple

import requests

from dayan_api import RayvisionAPI, signature
from dayan_api.emulator import DEFAULT_ACCESS_ID, DEFAULT_ACCESS_KEY

ROUNDS = 15
CALLS_PER_ROUND = 40


def alternate(first: Callable[[], None], second: Callable[[], None], rounds: int) -> float:
    """Median over rounds of time(first) / time(second), run in turns."""
    ratios = []
    for _ in range(rounds):
        started = time.perf_counter()
        first()
        middle = time.perf_counter()
        second()
        ended = time.perf_counter()
        ratios.append((middle - started) / (ended - middle))
    return statistics.median(ratios)


@contextlib.contextmanager
def emulator_process() -> Iterator[RayvisionAPI]:
    """A client of an emulator in its own process, so that the server's work
    is neither timed nor traced here; its clock runs fast, so tasks end at once."""
    command = [sys.executable, "-m", "dayan_api.emulator", "--speed", "1000000"]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    try:
        url = server.stdout.readline().split()[-1]
        protocol, domain = url.split("://")
        with RayvisionAPI(DEFAULT_ACCESS_ID, DEFAULT_ACCESS_KEY, domain, protocol=protocol) as api:
            yield api
    finally:
        server.terminate()
        server.wait(timeout=10)


def call_overhead(api: RayvisionAPI) -> Tuple[float, float]:
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
    overhead = alternate(sdk, bare, ROUNDS)

    body = {"taskIds": [13798105, 13798106], "status": [1, 5, 11], "param": {"a": {"b": True}}}
    base = dict(api.connect.headers)

    def sign() -> None:
        for _ in range(CALLS_PER_ROUND):
            signature.sign("key", api.connect.domain, path, base, body)

    signing = alternate(sign, bare, ROUNDS)
    session.close()
    return overhead, signing


def import_time() -> float:
    def run(module: str) -> Callable[[], None]:
        code = "import {}".format(module)
        return lambda: subprocess.run([sys.executable, "-c", code], check=True)

    return alternate(run("dayan_api"), run("requests"), 9)


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


def frame_listing_memory(api: RayvisionAPI) -> float:
    task_id = api.task.create_task()["taskIdList"][0]
    api.transmit.upload_json_content(task_id, {"task_info": {"frames": "1-2000[1]"}})
    api.submit(task_id)
    while api.query.task_info([task_id])["items"][0]["taskStatus"] != 25:
        time.sleep(0.05)
    tracemalloc.start()
    frames = api.query.get_all_frames(task_id, page_size=500)
    kept, peak = tracemalloc.get_traced_memory()  # kept: the frames returned, still held
    tracemalloc.stop()
    assert len(frames) == 2000
    return peak / kept


def main(argv: List[str] = None) -> int:
    parser = argparse.ArgumentParser(description="dayan_api speed and memory goals")
    parser.add_argument("--check", action="store_true", help="exit 1 when a goal is missed")
    args = parser.parse_args(argv)
    with emulator_process() as api:
        overhead, signing = call_overhead(api)
        listing = frame_listing_memory(api)
    results = [
        ("call overhead: SDK call / bare requests POST", overhead, 1.25),
        ("signing: one signature / one loopback round trip", signing, 0.10),
        ("import: dayan_api / requests", import_time(), 1.25),
        ("memory: RayvisionAPI / requests.Session", client_memory(), 1.5),
        ("memory: get_all_frames peak / frames it returns", listing, 1.5),
    ]
    missed = 0
    print("{:<52} {:>8} {:>8}".format("goal", "ratio", "at most"))
    for name, ratio, goal in results:
        ok = ratio <= goal
        missed += not ok
        print("{:<52} {:>8.3f} {:>8.2f} {}".format(name, ratio, goal, "ok" if ok else "MISSED"))
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
