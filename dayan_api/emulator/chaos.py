"""Seeded chaos: a share of the requests on every path fail as networks and gateways do.

Where fault injection (:mod:`dayan_api.emulator.faults`) is aimed at one path
and counted, chaos is spread: each request, whatever its path, is picked with
probability ``rate`` and then answered with one of :data:`KINDS`, chosen at
random. A seed makes the sequence of picks repeatable (in the order requests
arrive: with several client threads that order varies).
"""

import random
import threading
from typing import Dict, Optional, Sequence, Tuple

BAD_GATEWAY = "bad_gateway"
"""HTTP 502 with an HTML page, as a proxy in front of the service sends."""

UNAVAILABLE = "unavailable"
"""HTTP 503 with a ``Retry-After`` header (``retry_after`` seconds)."""

DROPPED = "dropped"
"""The request is carried out, then the connection closed without a reply."""

LATE = "late"
"""The reply is held ``delay`` seconds (past the client's read timeout), then sent."""

CUT_SHORT = "cut_short"
"""The request is carried out and its reply starts: the status line, the headers
(with the full ``Content-Length``) and the first half of the body are sent,
then the connection is closed."""

KINDS: Tuple[str, ...] = (BAD_GATEWAY, UNAVAILABLE, DROPPED, LATE, CUT_SHORT)

DEFAULT_DELAY = 65.0  # past the SDK's default read timeout of 60 s
DEFAULT_RETRY_AFTER = 1.0


class Chaos:
    """Picks which requests fail, and how; counts what it did.

    Args:
        rate: the share of requests that fail, from 0 to 1.
        seed: seeds the random picks (``None``: a different run each time).
        delay: seconds a :data:`LATE` reply is held; set it past the read
            timeout of the client under test.
        retry_after: the ``Retry-After`` of an :data:`UNAVAILABLE` reply, seconds.
        kinds: the kinds of failure to choose from (default all of :data:`KINDS`).

    Safe to share between threads.
    """

    def __init__(
        self,
        rate: float,
        seed: Optional[int] = None,
        delay: float = DEFAULT_DELAY,
        retry_after: float = DEFAULT_RETRY_AFTER,
        kinds: Sequence[str] = KINDS,
    ) -> None:
        self.rate = _number(rate, "rate", 0.0, 1.0)
        if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int)):
            raise ValueError("seed must be an int or None, not {!r}".format(seed))
        self.seed = seed
        self.delay = _number(delay, "delay", 0.0, 3600.0)
        self.retry_after = _number(retry_after, "retry_after", 0.0, 3600.0)
        kinds = tuple(kinds)
        if not kinds or any(kind not in KINDS for kind in kinds):
            raise ValueError("kinds must be some of {}, not {!r}".format(", ".join(KINDS), kinds))
        self.kinds = kinds
        # Not for secrets: a seeded, repeatable sequence is the point.
        self._random = random.Random(seed)  # noqa: S311
        self._lock = threading.Lock()
        self._counts = dict.fromkeys(KINDS, 0)
        self._requests = 0

    def pick(self) -> Optional[str]:
        """The failure for one request (one of :data:`KINDS`), or ``None`` to serve it."""
        with self._lock:
            self._requests += 1
            if self._random.random() >= self.rate:
                return None
            kind = self._random.choice(self.kinds)
            self._counts[kind] += 1
            return kind

    def counts(self) -> Dict[str, int]:
        """How many requests failed, by kind, so far."""
        with self._lock:
            return dict(self._counts)

    @property
    def requests(self) -> int:
        """How many requests were considered (failed or served)."""
        with self._lock:
            return self._requests

    def __repr__(self) -> str:
        return "Chaos(rate={}, seed={}, delay={}, retry_after={}, kinds={})".format(
            self.rate, self.seed, self.delay, self.retry_after, self.kinds
        )


def _number(value: object, name: str, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
        raise ValueError(
            "{} must be a number from {:g} to {:g}, not {!r}".format(name, low, high, value)
        )
    return float(value)
