"""Limits that a caller puts on the requests it makes: a deadline, a stop signal.

``wait_for_task`` gives its last poll the time that is left, the CLI keeps
its first request inside ``--timeout`` (through the public
``Connect.deadline``), and the threads that read pages
together are told to stop when the caller is interrupted. Each sets limits
around the calls it makes, for its own thread only, with
:meth:`CallLimits.applied`; the transport reads them with
:meth:`CallLimits.current` before each attempt and each retry.
"""

import contextlib
import math
import threading
import time
from typing import Dict, Iterator, Optional, Tuple

from dayan_api._connect_args import Timeout
from dayan_api.exception import (
    RayvisionArgumentError,
    RayvisionArgumentTypeError,
    RayvisionTimeoutError,
)

Limits = Tuple[Optional[float], "Optional[threading.Event]"]
_NONE: Limits = (None, None)


class CallStopped(Exception):
    """A request was not made, or not retried, because its stop signal was set.

    Internal: raised only inside :meth:`CallLimits.applied` with a ``stop``
    event, and turned by the caller that set the event into its own outcome.
    """


class CallLimits:
    """The limits of the requests made by each thread (one per ``Connect``)."""

    __slots__ = ("_by_thread",)

    def __init__(self) -> None:
        # By thread id; each thread reads and writes its own entry only. (A
        # dict: a client's memory matters more than a threading.local's speed.)
        self._by_thread: Dict[int, Limits] = {}

    def current(self) -> Limits:
        """``(deadline, stop)`` for this thread: a ``time.monotonic()`` value and an event."""
        return self._by_thread.get(threading.get_ident(), _NONE)

    @contextlib.contextmanager
    def applied(
        self, deadline: Optional[float] = None, stop: "Optional[threading.Event]" = None
    ) -> Iterator[None]:
        """Within the block, this thread's requests end by ``deadline`` and stop on ``stop``.

        ``deadline`` is a ``time.monotonic()`` value: no attempt starts after
        it, no retry starts that would wait past it, and an attempt's connect
        and read timeouts are cut to the time left. Once ``stop`` is set no
        attempt or retry starts, a retry's wait ends, and a reply being read
        is given up within a quarter of a second (:class:`CallStopped`).
        Limits nest: the earlier deadline holds; an inner ``stop`` replaces an outer one.
        """
        previous = self.current()
        outer_deadline, outer_stop = previous
        if outer_deadline is not None and (deadline is None or outer_deadline < deadline):
            deadline = outer_deadline
        if stop is None:
            stop = outer_stop
        thread = threading.get_ident()
        self._by_thread[thread] = (deadline, stop)
        try:
            yield
        finally:
            if previous is _NONE:
                del self._by_thread[thread]
            else:
                self._by_thread[thread] = previous


def deadline_in(seconds: Optional[float], parameter: str = "seconds") -> Optional[float]:
    """The ``time.monotonic()`` value ``seconds`` from now (``None`` for ``None``: no limit).

    ``seconds``: a finite number from 0 up (an int or a float, not a bool).
    """
    if seconds is None:
        return None
    if isinstance(seconds, bool) or not isinstance(seconds, (int, float)):
        raise RayvisionArgumentTypeError(
            parameter, f"a number of seconds or None, got {type(seconds).__name__}"
        )
    try:
        number = float(seconds)
    except OverflowError:
        number = math.inf
    if not (number >= 0 and math.isfinite(number)):
        raise RayvisionArgumentError(
            parameter, f"a finite number of seconds from 0 up, or None, got {seconds!r}"
        )
    return time.monotonic() + number


def within(timeout: Timeout, deadline: float, url: str) -> Tuple[float, float]:
    """``timeout`` as a ``(connect, read)`` pair, each cut to the time left before ``deadline``."""
    left = deadline - time.monotonic()
    if left <= 0:
        raise RayvisionTimeoutError("no time left for the request: its deadline has passed", url)
    if timeout is None:
        return (left, left)
    connect, read = timeout if isinstance(timeout, tuple) else (timeout, timeout)
    return (min(connect, left), min(read, left))
