"""Where the time of one SDK call goes: this process's CPU time per part.

Each part of ``Connect``'s call path is wrapped with a CPU clock, and the
calls are made over loopback to the emulator (in its own process), as
``run.py``'s call overhead row makes them; a bare ``requests`` POST of a
pre-signed request is measured beside them. Reported: the median over rounds
of each part's microseconds per call, less the clock's own cost. Timed
between two round trips, a part costs several times what a tight loop says:
the caches are cold.

Run: ``python benchmarks/profile_call.py`` (figures in benchmarks/README.md).
It also runs on the call path before issue 21, whose parts had other names.
"""

import inspect
import json
import statistics
import sys
import time
from collections import Counter
from typing import Any, Callable, Dict, List

import requests

from dayan_api import connect, signature

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from run import emulator_process  # noqa: E402

ROUNDS = 25
CALLS_PER_ROUND = 40
PATH = "/api/render/handle/queryAllFrameStats"

spent: Counter = Counter()


def timed(part: str, function: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            spent[part] += time.process_time() - started

    return wrapper


def wrap(owner: Any, name: str, part: str) -> bool:
    """Time ``owner.name`` as ``part``, if the call path has it."""
    if not hasattr(owner, name):
        return False
    wrapper = timed(part, getattr(owner, name))
    if isinstance(inspect.getattr_static(owner, name), staticmethod):
        wrapper = staticmethod(wrapper)
    setattr(owner, name, wrapper)
    return True


def timed_json_loads(function: Callable[..., Any]) -> Callable[..., Any]:
    """json.loads, timed as the parse-back for signing when called from ``_send``."""

    def loads(*args: Any, **kwargs: Any) -> Any:
        if sys._getframe(1).f_code.co_name != "_send":
            return function(*args, **kwargs)
        started = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            spent["encode the body, parse it back"] += time.process_time() - started

    return loads


def instrument(api: Any) -> List[str]:
    """Wrap the parts; returns their names as they will be reported."""
    client = type(api.connect)
    # The headers: merged and checked (since issue 21, once per client and
    # again when changed, which _header_plan finds).
    wrap(client, "_header_plan", "header checks") or (
        wrap(connect, "sent_headers", "header checks")
        and wrap(connect, "accept_encoding", "header checks")
    )
    wrap(signature, "generate_timestamp", "timestamp and nonce")
    wrap(client, "_fresh_nonce", "timestamp and nonce") or wrap(
        connect.Nonces, "fresh", "timestamp and nonce"
    )
    wrap(signature, "_string_to_sign", "string to sign") or wrap(
        signature, "generate_headers_body_str", "string to sign"
    )
    wrap(connect._Secret, "mac", "HMAC-SHA256") or wrap(
        signature, "generate_signature", "HMAC-SHA256"
    )
    wrap(connect, "encode_body", "encode the body, parse it back")
    if not hasattr(connect, "HeaderPlan"):  # before: parsed back in _send itself
        connect.json = type("json", (), {"loads": staticmethod(timed_json_loads(json.loads))})
    wrap(connect, "send_request", "requests: send, status, headers") or wrap(
        api.connect.session, "post", "requests: send, status, headers"
    )
    wrap(client, "_read_body", "bounded read of the body") or wrap(
        connect, "read_bounded_body", "bounded read of the body"
    )
    wrap(client, "_read_reply", "envelope: parse, check")
    return [
        "header checks",
        "timestamp and nonce",
        "string to sign",
        "HMAC-SHA256",
        "encode the body, parse it back",
        "requests: send, status, headers",
        "bounded read of the body",
        "envelope: parse, check",
    ]


def main() -> None:
    with emulator_process() as api:
        session = requests.Session()
        url = api.connect.base_url + PATH
        presigned = iter(
            [api.connect.signed_headers(PATH, {}) for _ in range(CALLS_PER_ROUND * (ROUNDS + 1))]
        )
        parts = instrument(api)
        clock = timed("clock", lambda: None)

        def sdk() -> None:
            for _ in range(CALLS_PER_ROUND):
                api.query.all_frame_status()
                clock()

        def bare() -> None:
            for _ in range(CALLS_PER_ROUND):
                reply = session.post(url, data=b"{}", headers=next(presigned))
                assert reply.json()["code"] == 200

        sdk(), bare()
        per_call: Dict[str, List[float]] = {name: [] for name in parts + ["clock"]}
        totals: List[float] = []
        bare_totals: List[float] = []
        for _ in range(ROUNDS):
            spent.clear()
            started = time.process_time()
            sdk()
            totals.append((time.process_time() - started) * 1e6 / CALLS_PER_ROUND)
            for name in per_call:
                per_call[name].append(spent[name] * 1e6 / CALLS_PER_ROUND)
            started = time.process_time()
            bare()
            bare_totals.append((time.process_time() - started) * 1e6 / CALLS_PER_ROUND)
        session.close()
    clock_cost = statistics.median(per_call.pop("clock"))
    calls_timed = {"timestamp and nonce": 2, "header checks": 1}
    print("CPU time of one call, microseconds (medians of {} rounds)".format(ROUNDS))
    print("{:<34} {:>8.1f}".format("the SDK call, whole", statistics.median(totals) - clock_cost))
    rest = statistics.median(totals) - clock_cost
    for name in parts:
        value = statistics.median(per_call[name]) - clock_cost * calls_timed.get(name, 1)
        rest -= value + clock_cost * calls_timed.get(name, 1)
        print("  {:<32} {:>8.1f}".format(name, value))
    print("  {:<32} {:>8.1f}".format("the rest (operator, retry loop)", rest))
    print("{:<34} {:>8.1f}".format("a bare requests POST", statistics.median(bare_totals)))


if __name__ == "__main__":
    main()
